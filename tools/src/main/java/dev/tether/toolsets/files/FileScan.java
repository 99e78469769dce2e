package dev.tether.toolsets.files;

import dev.tether.tool.ToolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One {@code search_files} walk: visits regular, non-hidden files (links not followed) and collects the hits. */
final class FileScan {

    private static final int EXCERPT_CHARS = 240;

    private final FilesConfig config;
    private final PathMatcher name;
    private final boolean nameIsPath;
    private final String content;
    private final boolean caseSensitive;
    private final int maxHits;
    private final List<SearchFilesTool.Hit> hits = new ArrayList<>();
    private int scanned;
    private boolean truncated;

    FileScan(
            FilesConfig config,
            PathMatcher name,
            boolean nameIsPath,
            String content,
            boolean caseSensitive,
            int maxHits) {
        this.config = config;
        this.name = name;
        this.nameIsPath = nameIsPath;
        this.content = content == null ? null : caseSensitive ? content : content.toLowerCase(Locale.ROOT);
        this.caseSensitive = caseSensitive;
        this.maxHits = maxHits;
    }

    /** Searches below {@code base}; false once a limit was reached. */
    boolean search(Path base) {
        try {
            TreeWalk.walk(base, Integer.MAX_VALUE, (path, attributes) -> {
                if (path.getFileName().toString().startsWith(".")) {
                    return TreeWalk.Next.SKIP_SUBTREE;
                }
                if (!attributes.isRegularFile()) {
                    return TreeWalk.Next.CONTINUE;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new ToolException("the search was cancelled");
                }
                if (scanned >= config.maxScanFiles() || hits.size() >= maxHits) {
                    truncated = true;
                    return TreeWalk.Next.STOP;
                }
                scanned++;
                visit(base, path, attributes);
                return TreeWalk.Next.CONTINUE;
            });
        } catch (IOException e) {
            throw new ToolException("cannot search " + base + ": " + e.getMessage());
        }
        return !truncated;
    }

    private void visit(Path base, Path file, BasicFileAttributes attrs) {
        if (name != null && !name.matches(nameIsPath ? base.relativize(file) : file.getFileName())) {
            return;
        }
        List<SearchFilesTool.Match> matches = null;
        if (content != null) {
            if (attrs.size() > config.maxSearchBytes() || TextFiles.isBinary(file)) {
                return;
            }
            matches = matches(file);
            if (matches.isEmpty()) {
                return;
            }
        }
        Entry entry = Entry.of(file, attrs);
        hits.add(new SearchFilesTool.Hit(entry.path(), attrs.size(), entry.modified(), matches));
    }

    private List<SearchFilesTool.Match> matches(Path file) {
        List<SearchFilesTool.Match> matches = new ArrayList<>();
        try (BufferedReader reader = TextFiles.reader(file)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null && matches.size() < config.maxExcerpts()) {
                number++;
                int at = (caseSensitive ? line : line.toLowerCase(Locale.ROOT)).indexOf(content);
                if (at >= 0) {
                    matches.add(new SearchFilesTool.Match(number, excerpt(line, at)));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        return matches;
    }

    /** The line, or a window of it around the match when it is long. */
    private String excerpt(String line, int at) {
        if (line.length() <= EXCERPT_CHARS) {
            return line.strip();
        }
        int start = Math.max(0, Math.min(at - EXCERPT_CHARS / 3, line.length() - EXCERPT_CHARS));
        String window = line.substring(start, Math.min(line.length(), start + EXCERPT_CHARS));
        return (start > 0 ? "…" : "") + window.strip() + (start + EXCERPT_CHARS < line.length() ? "…" : "");
    }

    List<SearchFilesTool.Hit> hits() {
        return hits;
    }

    int scanned() {
        return scanned;
    }

    boolean truncated() {
        return truncated;
    }
}
