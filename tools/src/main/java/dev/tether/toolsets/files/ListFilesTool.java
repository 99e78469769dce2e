package dev.tether.toolsets.files;

import dev.tether.tool.Param;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lists a folder inside the configured roots (or the roots themselves). */
@ToolInfo(
        name = "list_files",
        description = "Lists the files and folders in one of the user's allowed folders, with size and "
                + "modification time. Without a path it lists the allowed folders themselves.")
public final class ListFilesTool {

    public record Listing(String path, List<Entry> entries, boolean truncated) {}

    private final FilesConfig config;

    public ListFilesTool(ToolContext context) {
        this.config = FilesConfig.from(context);
    }

    public Listing run(
            @Param(description = "The folder; empty for the allowed folders", defaultValue = "") String path,
            @Param(
                            description = "How many levels deep to list (1 = only this folder)",
                            defaultValue = "1",
                            minimum = 1,
                            maximum = 10)
                    int depth,
            @Param(name = "include_hidden", description = "Include names starting with a dot", defaultValue = "false")
                    boolean includeHidden) {
        if (path == null || path.isBlank()) {
            List<Entry> roots = new ArrayList<>();
            for (Path root : config.roots().all()) {
                roots.add(describe(root));
            }
            return new Listing("", roots, false);
        }
        Path folder = config.roots().existing(path);
        if (!Files.isDirectory(folder)) {
            throw new ToolException(path + " is a file, not a folder; use file_info or read_file");
        }
        List<Entry> entries = new ArrayList<>();
        boolean truncated = walk(folder, Math.max(1, Math.min(depth, 10)), includeHidden, entries);
        entries.sort(Comparator.comparing(Entry::path));
        return new Listing(config.roots().show(folder), entries, truncated);
    }

    private boolean walk(Path folder, int depth, boolean includeHidden, List<Entry> entries) {
        int max = config.maxResults();
        boolean[] truncated = {false};
        try {
            TreeWalk.walk(folder, depth, (path, attributes) -> {
                if (!includeHidden && hidden(path)) {
                    return TreeWalk.Next.SKIP_SUBTREE;
                }
                if (entries.size() >= max || Thread.currentThread().isInterrupted()) {
                    truncated[0] = true;
                    return TreeWalk.Next.STOP;
                }
                entries.add(Entry.of(path, attributes));
                return TreeWalk.Next.CONTINUE;
            });
        } catch (IOException e) {
            throw new ToolException("cannot list " + folder + ": " + e.getMessage());
        }
        return truncated[0];
    }

    private static boolean hidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }

    private static Entry describe(Path path) {
        try {
            return Entry.of(path, Files.readAttributes(path, BasicFileAttributes.class));
        } catch (IOException e) {
            return new Entry(path.toString(), "folder", null, null);
        }
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.listFiles(arguments, result);
    }
}
