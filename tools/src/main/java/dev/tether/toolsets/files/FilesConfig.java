package dev.tether.toolsets.files;

import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolUnavailableException;
import dev.tether.toolsets.ToolArgs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings every file tool reads from its {@code args}: the folders it is confined to and its limits.
 *
 * @param roots             real paths of the configured folders
 * @param maxReadBytes      most bytes of text one {@code read_file} call returns
 * @param maxResults        most entries or matches one call returns
 * @param maxScanFiles      most files one {@code search_files} call looks at
 * @param maxSearchBytes    larger files are skipped by content search
 * @param pdf               how much of a PDF {@code read_file} takes in ({@code max_pdf_bytes} and the others)
 * @param writable          whether {@code write_file} is available
 * @param maxWriteBytes     largest content {@code write_file} accepts
 * @param maxExcerpts       most matching lines shown per file by content search
 */
record FilesConfig(
        Roots roots,
        int maxReadBytes,
        int maxResults,
        int maxScanFiles,
        long maxSearchBytes,
        PdfLimits pdf,
        boolean writable,
        int maxWriteBytes,
        int maxExcerpts) {

    static FilesConfig from(ToolContext context) {
        ToolArgs args = ToolArgs.of(context);
        List<String> configured = args.strings("roots");
        if (configured.isEmpty()) {
            throw new ToolUnavailableException("no folders configured: set args.roots");
        }
        List<Path> roots = new ArrayList<>();
        List<Path> aliases = new ArrayList<>();
        for (String root : configured) {
            Path real = realRoot(root);
            roots.add(real);
            aliases.add(Path.of(Roots.expandHome(root)).normalize());
        }
        return new FilesConfig(
                new Roots(roots, aliases),
                args.positiveInt("max_read_bytes", 256 * 1024),
                args.positiveInt("max_results", 200),
                args.positiveInt("max_scan_files", 20_000),
                args.positiveLong("max_search_bytes", 4L << 20),
                PdfLimits.from(args, "max_pdf_bytes", 64L << 20),
                args.bool("writable", false),
                args.positiveInt("max_write_bytes", 1 << 20),
                args.positiveInt("max_excerpts_per_file", 5));
    }

    private static Path realRoot(String root) {
        try {
            Path path = Path.of(Roots.expandHome(root));
            if (!path.isAbsolute()) {
                throw new ToolUnavailableException("root folder must be an absolute path: " + root);
            }
            if (!Files.isDirectory(path)) {
                throw new ToolUnavailableException("root folder does not exist: " + root);
            }
            return path.toRealPath();
        } catch (InvalidPathException | IOException e) {
            throw new ToolUnavailableException("root folder cannot be used: " + root + " (" + e.getMessage() + ")");
        }
    }
}
