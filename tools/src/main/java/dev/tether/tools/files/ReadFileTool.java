package dev.tether.tools.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tether.engine.tool.Param;
import dev.tether.engine.tool.ToolContext;
import dev.tether.engine.tool.ToolException;
import dev.tether.engine.tool.ToolInfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a text file or a PDF's text inside the configured folders, a window of lines at a time. */
@ToolInfo(name = "read_file",
        description = "Reads a text file (or the text of a PDF) inside the user's allowed folders. Large files "
                + "come in windows of lines: pass next_offset back as offset to continue. PDF pages are marked "
                + "'--- page N ---'.")
public final class ReadFileTool {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Content(String path, String format, long offset, int lines, String content, boolean more,
                          Long nextOffset, Boolean lineCut) {}

    private final FilesConfig config;

    public ReadFileTool(ToolContext context) {
        this.config = FilesConfig.from(context);
    }

    public Content run(@Param(description = "The file: relative to an allowed folder, or absolute inside one")
                       String path,
                       @Param(description = "Lines to skip from the start", defaultValue = "0", minimum = 0)
                       long offset,
                       @Param(description = "Most lines to return", defaultValue = "400", minimum = 1,
                               maximum = 100000) int limit) {
        Path file = config.roots().existing(path);
        if (!Files.isRegularFile(file)) {
            throw new ToolException(path + " is a folder; use list_files");
        }
        if (offset < 0 || limit < 1) {
            throw new ToolException("offset must be ≥ 0 and limit ≥ 1");
        }
        boolean pdf = PdfText.isPdf(file);
        LineWindow window = pdf ? pdfWindow(file, offset, limit) : textWindow(file, path, offset, limit);
        return new Content(config.roots().show(file), pdf ? "pdf" : "text", offset, window.lines(), window.text(),
                window.more(), window.more() ? offset + window.lines() : null, window.cut() ? true : null);
    }

    private LineWindow textWindow(Path file, String path, long offset, int limit) {
        if (TextFiles.isBinary(file)) {
            throw new ToolException(path + " is a binary file, not text; file_info describes it");
        }
        try (BufferedReader reader = TextFiles.reader(file)) {
            return LineWindow.of(reader.lines().iterator(), offset, limit, config.maxReadBytes());
        } catch (IOException | UncheckedIOException e) {
            throw new ToolException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private LineWindow pdfWindow(Path file, long offset, int limit) {
        List<String> lines = new ArrayList<>();
        List<String> pages = PdfText.pages(file, config.maxPdfBytes());
        for (int i = 0; i < pages.size(); i++) {
            lines.add("--- page " + (i + 1) + " ---");
            pages.get(i).lines().forEach(lines::add);
        }
        return LineWindow.of(lines.iterator(), offset, limit, config.maxReadBytes());
    }
}
