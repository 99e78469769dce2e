package dev.tether.toolsets.files;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Walks a folder tree for {@code list_files} and {@code search_files} without following links. Each folder is
 * opened relative to the one above it ({@link SecureDirectoryStream}, {@code NOFOLLOW_LINKS}), starting from the
 * base opened beneath the filesystem root ({@link SecureOpen#folder}); a folder swapped for a link to elsewhere
 * while the walk runs then fails to open instead of being listed. Where the platform has no secure directory
 * streams, folders are opened by path and links are still not entered.
 */
final class TreeWalk {

    /** What to do after visiting an entry. */
    enum Next {
        CONTINUE,
        SKIP_SUBTREE,
        STOP
    }

    @FunctionalInterface
    interface Visitor {
        /** Visits {@code path} (below the base) with its own attributes (a link is a link). */
        Next visit(Path path, BasicFileAttributes attributes);
    }

    private TreeWalk() {}

    /**
     * Visits what lies below {@code base} (a real path), folders before their content, down to {@code depth}
     * levels (1: only the base's own entries). Entries that cannot be read are skipped.
     */
    static void walk(Path base, int depth, Visitor visitor) throws IOException {
        Optional<SecureDirectoryStream<Path>> opened = SecureOpen.folder(base);
        if (opened.isPresent()) {
            try (SecureDirectoryStream<Path> folder = opened.get()) {
                secure(folder, base, depth, visitor);
            }
        } else {
            try (DirectoryStream<Path> folder = Files.newDirectoryStream(base)) {
                byPath(folder, base, depth, visitor);
            }
        }
    }

    /** False once the visitor said stop. */
    private static boolean secure(SecureDirectoryStream<Path> folder, Path at, int depth, Visitor visitor) {
        try {
            for (Path entry : folder) {
                Path name = entry.getFileName();
                BasicFileAttributes attributes;
                try {
                    attributes = folder.getFileAttributeView(
                                    name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
                } catch (IOException e) {
                    continue;
                }
                Next next = visitor.visit(at.resolve(name), attributes);
                if (next == Next.STOP) {
                    return false;
                }
                if (next == Next.CONTINUE && attributes.isDirectory() && depth > 1) {
                    try (SecureDirectoryStream<Path> inner =
                            folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                        if (!secure(inner, at.resolve(name), depth - 1, visitor)) {
                            return false;
                        }
                    } catch (IOException e) {
                        // gone, unreadable, or no longer a folder (a link now): not entered
                    }
                }
            }
        } catch (DirectoryIteratorException e) {
            // the folder could not be read to its end: what was read is kept
        }
        return true;
    }

    private static boolean byPath(DirectoryStream<Path> folder, Path at, int depth, Visitor visitor) {
        try {
            for (Path entry : folder) {
                Path path = at.resolve(entry.getFileName());
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue;
                }
                Next next = visitor.visit(path, attributes);
                if (next == Next.STOP) {
                    return false;
                }
                if (next == Next.CONTINUE && attributes.isDirectory() && depth > 1) {
                    try (DirectoryStream<Path> inner = Files.newDirectoryStream(path)) {
                        if (!byPath(inner, path, depth - 1, visitor)) {
                            return false;
                        }
                    } catch (IOException e) {
                        // gone or unreadable: not entered
                    }
                }
            }
        } catch (DirectoryIteratorException e) {
            // the folder could not be read to its end: what was read is kept
        }
        return true;
    }
}
