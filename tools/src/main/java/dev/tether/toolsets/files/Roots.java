package dev.tether.toolsets.files;

import dev.tether.paths.SafeNames;
import dev.tether.tool.ToolException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Confines paths to the configured folders. A path the model gives is resolved against each root in turn (or
 * taken as is when absolute); it is refused when it holds a NUL byte or a {@code ..} segment, when it lies
 * outside every root, or when its real path (symlinks followed) does. On Windows (where {@code \} separates too,
 * and names are compared ignoring case by {@link Path#startsWith}) a segment that Windows reads as something else
 * — a device such as {@code CON} or {@code nul.txt}, a {@code :stream}, a trailing dot or space — is refused.
 */
final class Roots {

    private static final boolean WINDOWS = File.separatorChar == '\\';

    private final List<Path> roots;
    private final List<Path> aliases;

    /**
     * @param roots   real, absolute paths of the folders
     * @param aliases the same folders as configured (before symlinks were resolved), for absolute paths given
     *                through them
     */
    Roots(List<Path> roots, List<Path> aliases) {
        this.roots = List.copyOf(roots);
        this.aliases = List.copyOf(aliases);
    }

    List<Path> all() {
        return roots;
    }

    /** The real path of an existing file or folder inside a root. */
    Path existing(String requested) {
        for (Path candidate : candidates(requested)) {
            if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                Path real = confine(real(candidate, requested), requested);
                if (!Files.isRegularFile(real) && !Files.isDirectory(real)) {
                    throw new ToolException("refused: " + requested + " is not a regular file or folder");
                }
                return real;
            }
        }
        throw new ToolException("no such file or folder: " + requested);
    }

    /**
     * Where a new file {@code requested} would go: its parent folder must exist inside a root, and the name itself
     * must not be a symlink.
     */
    Path forWrite(String requested) {
        Path candidate = candidates(requested).stream()
                .filter(c -> c.getParent() != null && Files.isDirectory(c.getParent()))
                .findFirst()
                .orElseThrow(() -> new ToolException("the folder for " + requested + " does not exist"));
        Path parent = candidate.getParent();
        Path target = confine(real(parent, requested), requested).resolve(candidate.getFileName());
        if (Files.isSymbolicLink(target)) {
            throw new ToolException("refused: " + requested + " is a symbolic link");
        }
        return target;
    }

    /** Whether {@code path} (already real) lies inside a root. */
    boolean contains(Path path) {
        return roots.stream().anyMatch(path::startsWith);
    }

    /** The path as shown to the model: absolute. */
    String show(Path path) {
        return path.toString();
    }

    private List<Path> candidates(String requested) {
        Path path = parse(requested);
        if (path.isAbsolute()) {
            Path normal = path.normalize();
            if (!contains(normal) && aliases.stream().noneMatch(normal::startsWith)) {
                throw outside(requested);
            }
            return List.of(normal);
        }
        return roots.stream().map(r -> r.resolve(path).normalize()).toList();
    }

    private static Path parse(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new ToolException("path must not be empty");
        }
        if (requested.indexOf('\0') >= 0) {
            throw new ToolException("refused: the path contains a NUL byte");
        }
        if (WINDOWS) {
            windowsProblem(requested).ifPresent(why -> {
                throw new ToolException("refused: " + requested + ": " + why);
            });
        }
        Path path;
        try {
            path = Path.of(expandHome(requested.strip()));
        } catch (InvalidPathException e) {
            throw new ToolException("invalid path: " + e.getReason());
        }
        for (Path segment : path) {
            if (segment.toString().equals("..")) {
                throw new ToolException("refused: '..' is not allowed in paths (" + requested + ")");
            }
        }
        return path;
    }

    /**
     * What in {@code requested} Windows would read as other than a plain name: each segment between {@code /} and
     * {@code \} (after a drive such as {@code C:}) must be a {@link SafeNames safe name}.
     */
    static Optional<String> windowsProblem(String requested) {
        String rest = requested.strip().replaceFirst("^[A-Za-z]:", "");
        for (String segment : rest.split("[/\\\\]+")) {
            if (!segment.isEmpty() && !segment.equals("~")) {
                Optional<String> problem = SafeNames.problem(segment);
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
    }

    static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    private Path confine(Path real, String requested) {
        if (!contains(real)) {
            throw outside(requested);
        }
        return real;
    }

    private static Path real(Path path, String requested) {
        try {
            return path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ToolException("no such file or folder: " + requested + " (or a broken link)");
        } catch (IOException e) {
            throw new ToolException("cannot open " + requested + ": "
                    + Optional.ofNullable(e.getMessage()).orElse(""));
        }
    }

    private ToolException outside(String requested) {
        return new ToolException("refused: " + requested + " is outside the allowed folders");
    }
}
