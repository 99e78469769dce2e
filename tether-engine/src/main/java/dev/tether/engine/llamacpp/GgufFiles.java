package dev.tether.engine.llamacpp;

import dev.tether.configfile.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The GGUF files this provider serves: the one {@code model} path, or every {@code *.gguf} under {@code dist_root}
 * (named after the file, {@code model_name} first). Headers are read once per file version.
 */
final class GgufFiles {

    private static final Logger LOG = Logger.getLogger(GgufFiles.class.getName());

    /** A model file and what its header says (or why it could not be read). */
    record Entry(String name, Path file, Optional<GgufHeader> header, String problem) {}

    private record Cached(FileTime modified, long size, Entry entry) {}

    /** One walk of {@code dist_root}: reused while the folder's mtime stands, for at most {@link #RESCAN_NANOS}. */
    private record Listing(long takenAt, FileTime rootModified, Map<String, Path> files) {}

    private static final long RESCAN_NANOS = 2_000_000_000L;

    private final LlamaSettings settings;
    private final GgufLimits limits;
    private final Map<Path, Cached> headers = new ConcurrentHashMap<>();
    private volatile Listing listing;

    GgufFiles(LlamaSettings settings) {
        this(settings, GgufLimits.DEFAULT);
    }

    GgufFiles(LlamaSettings settings, GgufLimits limits) {
        this.settings = settings;
        this.limits = limits;
        settings.model().ifPresent(file -> {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(LlamaSettings.KEY + ".model", "model file not found: " + file);
            }
        });
    }

    List<Entry> entries() {
        Map<String, Path> files = files();
        List<Entry> entries = new ArrayList<>();
        files.forEach((name, file) -> entries.add(entry(name, file)));
        return entries;
    }

    Optional<Entry> find(String name) {
        Path file = files().get(name);
        return file == null ? Optional.empty() : Optional.of(entry(name, file));
    }

    /** Whether {@code name} is a model here, without walking the folder on every request. */
    boolean contains(String name) {
        return files().containsKey(name);
    }

    private Map<String, Path> files() {
        if (settings.model().isPresent()) {
            Path file = settings.model().get();
            return Map.of(nameOf(file), file);
        }
        long now = System.nanoTime();
        FileTime rootModified = modified(settings.distRoot());
        Listing last = listing;
        if (last != null
                && now - last.takenAt() < RESCAN_NANOS
                && last.rootModified().equals(rootModified)) {
            return last.files();
        }
        Map<String, Path> files = scanNamed();
        listing = new Listing(now, rootModified, files);
        return files;
    }

    private static FileTime modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private Map<String, Path> scanNamed() {
        Map<String, Path> files = new LinkedHashMap<>();
        List<Path> found = scan(settings.distRoot());
        settings.modelName()
                .ifPresent(wanted -> found.stream()
                        .filter(f -> nameOf(f).equals(wanted))
                        .findFirst()
                        .ifPresent(f -> files.put(wanted, f)));
        for (Path f : found) {
            if (files.putIfAbsent(nameOf(f), f) != null && !files.get(nameOf(f)).equals(f)) {
                LOG.warning("two models are named " + nameOf(f) + "; serving " + files.get(nameOf(f)));
            }
        }
        return Collections.unmodifiableMap(files);
    }

    private static List<Path> scan(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        // a pull renaming its file during the walk fails it: look again
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> walk = Files.walk(root, 4)) {
                return walk.filter(p -> p.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(p))
                        .sorted()
                        .toList();
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    LOG.warning("cannot list models in " + root + ": " + e.getMessage());
                    return List.of();
                }
            }
        }
    }

    static String nameOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
    }

    private Entry entry(String name, Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Cached cached = headers.get(file);
            if (cached != null && cached.modified().equals(modified) && cached.size() == size) {
                return cached.entry();
            }
            Entry entry;
            try {
                entry = new Entry(name, file, Optional.of(GgufReader.read(file, limits)), null);
            } catch (IOException | RuntimeException e) {
                entry = new Entry(name, file, Optional.empty(), "unreadable GGUF header: " + e.getMessage());
            }
            headers.put(file, new Cached(modified, size, entry));
            return entry;
        } catch (IOException e) {
            return new Entry(name, file, Optional.empty(), "cannot read " + file + ": " + e.getMessage());
        }
    }
}
