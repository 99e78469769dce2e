package dev.tether.engine.llamacpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The saved KV caches of every model under {@code <data_dir>/kv/<model key>/}: a session's file is named for a hash
 * of its id, beside its record ({@code .json}). They hold conversations in numeric form, so they are owner-only, go
 * with their session ({@link #delete}), and stay within {@code budgetBytes}, the least recently used going first.
 */
public final class SessionCacheFiles {

    private static final Logger LOG = Logger.getLogger(SessionCacheFiles.class.getName());
    static final String RECORD = ".json";
    /** The end of a file still being written (a crash can leave one behind). */
    static final String TEMPORARY = ".tmp";

    /** A save's temporary file ({@code <name>.slot.<save>.tmp}; {@code <name>.slot.tmp} from before saves were named). */
    private static final Pattern LEFTOVER = Pattern.compile("[0-9a-f]{32}\\.slot(\\..+)?\\.tmp");

    private static final String SUFFIX = ".slot";

    private final Path root;
    private final long budgetBytes;

    /** The caches under {@code dataDir/kv}, kept within {@code budgetBytes} in all. */
    public SessionCacheFiles(Path dataDir, long budgetBytes) {
        this.root = dataDir.resolve("kv");
        this.budgetBytes = budgetBytes;
    }

    /** The caches under {@code dataDir/kv}, to size and delete (the provider that writes them keeps the budget). */
    public static SessionCacheFiles under(Path dataDir) {
        return new SessionCacheFiles(dataDir, Long.MAX_VALUE);
    }

    /** {@code kv_cache_max_gb} in bytes, or a tenth of the free space where {@code dataDir} lives when unset (≤ 0). */
    public static long budget(Path dataDir, double maxGb) {
        if (maxGb > 0) {
            return (long) (maxGb * 1024 * 1024 * 1024);
        }
        try {
            Path existing = dataDir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing == null ? 0 : Files.getFileStore(existing).getUsableSpace() / 10;
        } catch (IOException e) {
            return 0;
        }
    }

    SlotFiles forModel(String modelKey) {
        return new SlotFiles(root.resolve(modelKey), this);
    }

    /** The saved cache's file name for a session (llama-server takes only plain names). */
    public static String fileName(String session) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(session.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The size of the session's saved caches (of any model), empty when there is none. */
    public OptionalLong size(String session) {
        List<Path> files = sessionFiles(session);
        if (files.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(
                files.stream().mapToLong(SessionCacheFiles::sizeOf).sum());
    }

    /** Deletes the session's saved caches of every model. */
    public void delete(String session) {
        for (Path file : sessionFiles(session)) {
            deleteFiles(file.getParent(), file.getFileName().toString());
        }
    }

    /** Deletes every saved cache. */
    public void deleteAll() {
        for (Path file : slotFiles()) {
            deleteFiles(file.getParent(), file.getFileName().toString());
        }
    }

    private List<Path> sessionFiles(String session) {
        String name = fileName(session);
        return slotFiles().stream()
                .filter(f -> f.getFileName().toString().equals(name))
                .toList();
    }

    /** Deletes the least recently used caches until the rest fit the budget. */
    synchronized void enforceBudget() {
        List<Path> files = new ArrayList<>(slotFiles());
        long total = files.stream().mapToLong(SessionCacheFiles::sizeOf).sum();
        files.sort(Comparator.comparingLong(SessionCacheFiles::modified));
        for (Path file : files) {
            if (total <= budgetBytes) {
                return;
            }
            long size = sizeOf(file);
            LOG.info(() -> "deleting the saved cache " + file + " (" + size + " bytes): over kv_cache_max_gb");
            deleteFiles(file.getParent(), file.getFileName().toString());
            total -= size;
        }
    }

    /**
     * Every saved slot file under the root (not the records, not files being written). Listed one folder at a time, so
     * a save renaming its file meanwhile cannot make the listing fail (a walk would, and answer "none").
     */
    private List<Path> slotFiles() {
        List<Path> models = list(root);
        List<Path> entries = new ArrayList<>(models);
        for (Path model : models) {
            entries.addAll(list(model));
        }
        return entries.stream()
                .filter(f -> f.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(f))
                .toList();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "cannot list " + dir + ": " + e.getMessage());
        }
        return entries;
    }

    /** Deletes {@code name} in {@code dir} and its record. */
    void deleteFiles(Path dir, String name) {
        for (Path file : List.of(dir.resolve(name), dir.resolve(name + RECORD))) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warning(() -> "cannot delete " + file + ": " + e.getMessage());
            }
        }
    }

    /** Deletes what saves cut off by a crash left in {@code dir}; other files there are not Tether's and stay. */
    static void deleteLeftovers(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> LEFTOVER.matcher(f.getFileName().toString()).matches())
                    .forEach(f -> {
                        try {
                            Files.deleteIfExists(f);
                        } catch (IOException e) {
                            LOG.warning(() -> "cannot delete " + f + ": " + e.getMessage());
                        }
                    });
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "cannot list " + dir + ": " + e.getMessage());
        }
    }

    static void ownerOnlyDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir.getParent(), PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warning(() -> "cannot make " + dir + " owner-only: " + e.getMessage());
        }
    }

    static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warning(() -> "cannot make " + file + " owner-only: " + e.getMessage());
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
