package dev.tether.toolsets.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tether.tool.Param;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/** Reads a text file or a PDF's text inside the configured folders, a window of lines at a time. */
@ToolInfo(
        name = "read_file",
        description = "Reads a text file (or the text of a PDF) inside the user's allowed folders. Large files "
                + "come in windows of lines: pass next_offset back as offset to continue. PDF pages are marked "
                + "'--- page N ---'.")
public final class ReadFileTool {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Content(
            String path,
            String format,
            long offset,
            int lines,
            String content,
            boolean more,
            Long nextOffset,
            Boolean lineCut) {}

    private record PdfLines(Path file, FileTime modified, long size, List<String> lines) {}

    private final FilesConfig config;
    private volatile PdfLines lastPdf;

    public ReadFileTool(ToolContext context) {
        this.config = FilesConfig.from(context);
    }

    public Content run(
            @Param(description = "The file: relative to an allowed folder, or absolute inside one") String path,
            @Param(description = "Lines to skip from the start", defaultValue = "0", minimum = 0) long offset,
            @Param(description = "Most lines to return", defaultValue = "400", minimum = 1, maximum = 100000)
                    int limit) {
        Path file = config.roots().existing(path);
        if (!Files.isRegularFile(file)) {
            throw new ToolException(path + " is a folder; use list_files");
        }
        if (offset < 0 || limit < 1) {
            throw new ToolException("offset must be ≥ 0 and limit ≥ 1");
        }
        boolean pdf = PdfText.isPdf(file);
        LineWindow window = pdf ? pdfWindow(file, offset, limit) : textWindow(file, path, offset, limit);
        return new Content(
                config.roots().show(file),
                pdf ? "pdf" : "text",
                offset,
                window.lines(),
                window.text(),
                window.more(),
                window.more() ? offset + window.lines() : null,
                window.cut() ? true : null);
    }

    private LineWindow textWindow(Path file, String path, long offset, int limit) {
        if (TextFiles.isBinary(file)) {
            throw new ToolException(path + " is a binary file, not text; file_info describes it");
        }
        try (BufferedReader reader = TextFiles.reader(file)) {
            // a line longer than the window is cut while reading: one line of gigabytes never sits in memory
            return LineWindow.of(
                    new BoundedLines(reader, config.maxReadBytes() + 1), offset, limit, config.maxReadBytes());
        } catch (IOException | UncheckedIOException e) {
            throw new ToolException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private LineWindow pdfWindow(Path file, long offset, int limit) {
        return LineWindow.of(pdfLines(file).iterator(), offset, limit, config.maxReadBytes());
    }

    /** The PDF's text as lines; the last PDF read is kept, as a model reads a long one window by window. */
    private List<String> pdfLines(Path file) {
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e.getMessage());
        }
        PdfLines cached = lastPdf;
        if (cached != null
                && cached.file().equals(file)
                && cached.modified().equals(modified)
                && cached.size() == size) {
            return cached.lines();
        }
        List<String> lines = new ArrayList<>();
        List<String> pages = PdfText.pages(file, config.pdf());
        for (int i = 0; i < pages.size(); i++) {
            lines.add("--- page " + (i + 1) + " ---");
            pages.get(i).lines().forEach(lines::add);
        }
        lastPdf = new PdfLines(file, modified, size, List.copyOf(lines));
        return lines;
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.readFile(arguments, result);
    }
}
