package dev.tether.toolsets.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tether.tool.Param;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

/** Facts about one file or folder inside the roots: type, size, times, and what kind of content it holds. */
@ToolInfo(
        name = "file_info",
        description = "Describes a file or folder in the user's allowed folders: size, modification and creation "
                + "time, content kind (text, pdf, binary), line count of text files, page count of PDFs, number "
                + "of entries of folders.")
public final class FileInfoTool {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(
            String path,
            String type,
            String kind,
            Long size,
            String modified,
            String created,
            Long lines,
            Integer pages,
            Long entries) {}

    private final FilesConfig config;

    public FileInfoTool(ToolContext context) {
        this.config = FilesConfig.from(context);
    }

    public Info run(@Param(description = "The file or folder") String path) {
        Path target = config.roots().existing(path);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new ToolException("cannot read " + path + ": " + e.getMessage());
        }
        String modified = attrs.lastModifiedTime()
                .toInstant()
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String created =
                attrs.creationTime().toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
        String shown = config.roots().show(target);
        if (attrs.isDirectory()) {
            return new Info(shown, "folder", null, null, modified, created, null, null, count(target));
        }
        if (PdfText.isPdf(target)) {
            int pages = PdfText.pageCount(target, config.pdf());
            return new Info(
                    shown, "file", "pdf", attrs.size(), modified, created, null, pages < 0 ? null : pages, null);
        }
        if (TextFiles.isBinary(target)) {
            return new Info(shown, "file", "binary", attrs.size(), modified, created, null, null, null);
        }
        Long lines = attrs.size() <= config.maxSearchBytes() ? lines(target) : null;
        return new Info(shown, "file", "text", attrs.size(), modified, created, lines, null, null);
    }

    private static Long count(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.count();
        } catch (IOException e) {
            return null;
        }
    }

    private static Long lines(Path file) {
        try (BufferedReader reader = TextFiles.reader(file)) {
            return reader.lines().count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.fileInfo(arguments, result);
    }
}
