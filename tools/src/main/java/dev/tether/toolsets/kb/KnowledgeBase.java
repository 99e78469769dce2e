package dev.tether.toolsets.kb;

import dev.tether.tool.ToolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One indexed set of folders, shared by the tools configured on it. Scans run on the base's own thread — never on
 * a tool call's thread, whose interruption on timeout would break the Lucene writer — when a search finds the
 * last scan older than {@code refresh_sec}; the search waits for it at most {@code wait_sec}.
 */
final class KnowledgeBase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KnowledgeBase.class.getName());

    private final KbSettings settings;
    private final KbIndex index;
    private final Optional<Embedder> embedder;
    private final Scanner scanner;
    private final ExecutorService worker;
    private Future<?> scan;
    private Instant scanStarted;

    /** Opens the base and starts indexing at once, so the first search finds the index ready. */
    static KnowledgeBase open(KbSettings settings) {
        KnowledgeBase base = new KnowledgeBase(settings);
        base.refresh(false);
        return base;
    }

    private KnowledgeBase(KbSettings settings) {
        this.settings = settings;
        try {
            this.index = new KbIndex(settings.indexDir(), settings.analyzer(), settings.fingerprint());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the knowledge base index in " + settings.indexDir(), e);
        }
        this.embedder = settings.embedding().map(Embedder::new);
        this.scanner = new Scanner(settings, index, embedder);
        this.worker = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("kb-" + settings.name()).factory());
        if (index.readOnly()) {
            LOG.info(
                    () -> "kb '" + settings.name() + "': the index is kept by another process; searching it read-only");
        }
    }

    KbSettings settings() {
        return settings;
    }

    /** Starts a scan when due (or when {@code force}); returns the running or last scan. */
    synchronized Future<?> refresh(boolean force) {
        if (index.readOnly()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        boolean due = scanStarted == null
                || Duration.between(scanStarted, Instant.now()).compareTo(settings.refresh()) >= 0;
        if ((scan == null || scan.isDone()) && (force || due)) {
            scanStarted = Instant.now();
            scan = worker.submit(() -> {
                try {
                    scanner.scan();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "kb '" + settings.name() + "': scan failed", e);
                }
            });
        }
        return scan;
    }

    /** Waits for {@code future} at most {@code wait}; true when it finished. */
    static boolean await(Future<?> future, Duration wait) {
        try {
            future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("cancelled while the knowledge base was being indexed");
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** The passages for {@code query}; by keyword only when the query vector is empty. */
    List<KbIndex.Hit> search(String query, Optional<float[]> vector, int limit) {
        try {
            return index.search(query, vector, limit);
        } catch (IllegalArgumentException e) {
            throw new ToolException(e.getMessage());
        } catch (IOException e) {
            throw new ToolException("the knowledge base index cannot be read: " + e.getMessage());
        }
    }

    /** The query's vector, when an embedding service is configured; a {@link ToolException} when it fails. */
    Optional<float[]> embed(String query) {
        return embedder.map(e -> e.embed(List.of(query)).getFirst());
    }

    Scanner.Progress progress() {
        return scanner.progress();
    }

    boolean readOnly() {
        return index.readOnly();
    }

    int files() {
        try {
            return index.files();
        } catch (IOException e) {
            throw new ToolException("the knowledge base index cannot be read: " + e.getMessage());
        }
    }

    int passages() {
        try {
            return index.passages();
        } catch (IOException e) {
            throw new ToolException("the knowledge base index cannot be read: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        scanner.stop();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warning(() -> "kb '" + settings.name() + "': a scan was still running at shutdown");
            }
            index.close();
            embedder.ifPresent(Embedder::close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "kb '" + settings.name() + "': closing the index failed", e);
        }
    }
}
