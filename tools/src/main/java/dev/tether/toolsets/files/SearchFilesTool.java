package dev.tether.toolsets.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tether.tool.Param;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/** Finds files by name (glob) and/or content (a literal text, with the matching lines) inside the roots. */
@ToolInfo(
        name = "search_files",
        description = "Searches the user's allowed folders for files whose name matches a glob (e.g. '*.md', "
                + "'report*') and/or whose text contains a phrase; content matches come with line numbers and "
                + "the matching lines. Hidden files (names starting with a dot) are skipped; symbolic links are not "
                + "followed.")
public final class SearchFilesTool {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(int line, String text) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hit(String path, long size, String modified, List<Match> matches) {}

    public record Hits(List<Hit> files, int scanned, boolean truncated) {}

    private final FilesConfig config;

    public SearchFilesTool(ToolContext context) {
        this.config = FilesConfig.from(context);
    }

    public Hits run(
            @Param(description = "Folder to search in; empty for all allowed folders", defaultValue = "") String path,
            @Param(
                            description = "Glob for file names, e.g. '*.txt'; with a '/' it matches the path "
                                    + "below the folder, e.g. 'notes/**/*.md'",
                            defaultValue = "")
                    String name,
            @Param(description = "Text the file must contain (literal, not a pattern)", defaultValue = "")
                    String content,
            @Param(name = "case_sensitive", description = "Match content case-sensitively", defaultValue = "false")
                    boolean caseSensitive,
            @Param(
                            name = "max_results",
                            description = "Most files to return",
                            defaultValue = "50",
                            minimum = 1,
                            maximum = 1000)
                    int maxResults) {
        boolean byName = name != null && !name.isBlank();
        boolean byContent = content != null && !content.isEmpty();
        if (!byName && !byContent) {
            throw new ToolException("give a name glob, a content phrase, or both");
        }
        List<Path> bases = path == null || path.isBlank()
                ? config.roots().all()
                : List.of(config.roots().existing(path));
        FileScan scan = new FileScan(
                config,
                byName ? matcher(name.strip()) : null,
                name != null && name.contains("/"),
                byContent ? content : null,
                caseSensitive,
                Math.min(Math.max(1, maxResults), config.maxResults()));
        for (Path base : bases) {
            if (!scan.search(base)) {
                break;
            }
        }
        return new Hits(scan.hits(), scan.scanned(), scan.truncated());
    }

    private static PathMatcher matcher(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new ToolException("invalid name glob '" + glob + "': " + e.getMessage());
        }
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.searchFiles(arguments, result);
    }
}
