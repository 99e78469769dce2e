package dev.tether.toolsets.kb;

import dev.tether.tool.ToolException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Brings the index in line with the folders: files new or changed since their stamp are (re)indexed, files gone
 * are removed. Symbolic links and hidden files are skipped. Logs progress every few seconds on long runs.
 */
final class Scanner {

    /**
     * What the scanner is doing and did last; {@code errors} maps a path to why it could not be indexed.
     */
    record Progress(
            boolean running,
            int toIndex,
            int indexed,
            Instant lastFinished,
            long lastMillis,
            int lastChanged,
            Map<String, String> errors) {}

    private static final Logger LOG = Logger.getLogger(Scanner.class.getName());
    private static final long LOG_EVERY_MS = 5_000;
    private static final int MAX_ERRORS = 20;

    private final KbSettings settings;
    private final KbIndex index;
    private final Chunker chunker;
    private final Extractor extractor;
    private final Optional<Embedder> embedder;
    private Map<String, KbIndex.Stamp> stamps;
    private volatile boolean stopping;
    private boolean embeddingFailed;
    private volatile Progress progress = new Progress(false, 0, 0, null, 0, 0, Map.of());

    Scanner(KbSettings settings, KbIndex index, Optional<Embedder> embedder) {
        this.settings = settings;
        this.index = index;
        this.embedder = embedder;
        this.chunker = new Chunker(settings.chunkChars());
        this.extractor = new Extractor(settings.pdf(), settings.maxFileBytes());
    }

    Progress progress() {
        return progress;
    }

    /** Ends a running scan after the file at hand; what is not indexed yet is picked up by the next scan. */
    void stop() {
        stopping = true;
    }

    void scan() throws IOException {
        long started = System.nanoTime();
        embeddingFailed = false;
        if (stamps == null) {
            stamps = index.stamps();
        }
        Map<String, KbIndex.Stamp> found = walk();
        List<String> changed = found.entrySet().stream()
                .filter(e -> !e.getValue().equals(stamps.get(e.getKey())))
                .map(Map.Entry::getKey)
                .toList();
        List<String> gone =
                stamps.keySet().stream().filter(p -> !found.containsKey(p)).toList();
        for (String path : gone) {
            index.remove(path);
            stamps.remove(path);
        }
        Map<String, String> errors = new LinkedHashMap<>(progress.errors());
        gone.forEach(errors::remove);
        // files only waiting for their vectors go last, and only while the embedding service answers
        List<String> waiting = changed.stream()
                .filter(p ->
                        stamps.getOrDefault(p, found.get(p)).equals(found.get(p).unembedded()))
                .toList();
        List<String> ordered = new ArrayList<>(
                changed.stream().filter(p -> !waiting.contains(p)).toList());
        ordered.addAll(waiting);
        int indexed = indexAll(ordered, ordered.size() - waiting.size(), found, errors);
        if (indexed > 0 || !gone.isEmpty()) {
            index.commit();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (indexed >= 100) {
            LOG.info(() -> "kb '" + settings.name() + "': indexed " + indexed + " files in " + millis + " ms");
        }
        progress = new Progress(false, 0, 0, Instant.now(), millis, indexed + gone.size(), Map.copyOf(errors));
    }

    /** Indexes {@code paths} in order; those from {@code firstWaiting} on only while embedding works. */
    private int indexAll(
            List<String> paths, int firstWaiting, Map<String, KbIndex.Stamp> found, Map<String, String> errors)
            throws IOException {
        if (paths.size() >= 100) {
            LOG.info(() -> "kb '" + settings.name() + "': indexing " + paths.size() + " new or changed files");
        }
        long lastLog = System.currentTimeMillis();
        int i = 0;
        for (; i < paths.size() && !stopping && !(i >= firstWaiting && embeddingFailed); i++) {
            progress = new Progress(
                    true,
                    paths.size(),
                    i,
                    progress.lastFinished(),
                    progress.lastMillis(),
                    progress.lastChanged(),
                    progress.errors());
            indexFile(paths.get(i), found.get(paths.get(i)), errors);
            if (System.currentTimeMillis() - lastLog >= LOG_EVERY_MS) {
                lastLog = System.currentTimeMillis();
                int done = i + 1;
                LOG.info(() -> "kb '" + settings.name() + "': indexed " + done + "/" + paths.size() + " files");
            }
        }
        return i;
    }

    private void indexFile(String path, KbIndex.Stamp stamp, Map<String, String> errors) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        errors.remove(path);
        try {
            for (Section section : extractor.sections(Path.of(path))) {
                chunks.addAll(chunker.chunks(section));
            }
        } catch (IOException | RuntimeException e) {
            // indexed with no passages, so an unreadable file is retried only once it changes
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warning(() -> "kb '" + settings.name() + "': skipped " + path + ": " + why);
            error(errors, path, why);
        }
        List<float[]> vectors = embed(path, chunks, errors);
        if (vectors.isEmpty() && embedder.isPresent() && !chunks.isEmpty()) {
            stamp = stamp.unembedded(); // searchable by keyword now, embedded by a later scan
        }
        index.put(path, stamp, chunks, vectors, stamps.containsKey(path));
        stamps.put(path, stamp);
    }

    /** The passages' vectors; none without an embedder, or once it failed in this scan (it is not retried). */
    private List<float[]> embed(String path, List<Chunk> chunks, Map<String, String> errors) {
        if (embedder.isEmpty() || chunks.isEmpty() || embeddingFailed) {
            return List.of();
        }
        try {
            return embedder.get().embed(chunks.stream().map(Chunk::text).toList());
        } catch (ToolException e) {
            embeddingFailed = true;
            LOG.warning(() -> "kb '" + settings.name() + "': " + e.getMessage() + "; search by meaning waits for "
                    + "the next scan");
            error(errors, path, e.getMessage());
            return List.of();
        }
    }

    private static void error(Map<String, String> errors, String path, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.put(path, message);
        }
    }

    /** The eligible files under the folders with their current stamps. */
    private Map<String, KbIndex.Stamp> walk() throws IOException {
        Map<String, KbIndex.Stamp> found = new TreeMap<>();
        for (Path folder : settings.folders()) {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean skip = (!dir.equals(folder) && hidden(dir)) || dir.startsWith(settings.indexDir());
                    return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !hidden(file) && eligible(file, attrs)) {
                        found.put(
                                file.toString(),
                                new KbIndex.Stamp(attrs.lastModifiedTime().toMillis(), attrs.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return found;
    }

    private boolean eligible(Path file, BasicFileAttributes attrs) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0
                && attrs.size() <= settings.maxFileBytes()
                && settings.extensions().contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path path) {
        return path.getFileName() != null && path.getFileName().toString().startsWith(".");
    }
}
