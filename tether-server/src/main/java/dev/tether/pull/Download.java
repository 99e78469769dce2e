package dev.tether.pull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Downloads one hub file into {@code target}: the bytes go to {@code target.part} (resumed with a range request
 * when a part is there), are hashed on the way, and the part is renamed to {@code target} only once its size
 * and SHA-256 match what the hub published — so a model's name never holds half a file. A lock on the part
 * keeps two pulls (two servers, or a server and the CLI) from writing it at once.
 */
final class Download extends ResumableDownload {

    private final HubClient hub;
    private final String repo;
    private final HubFile file;
    private final Path target;
    private final Consumer<PullEvent> events;
    private MinimumRate rate;

    Download(HubClient hub, String repo, HubFile file, Path target, Consumer<PullEvent> events) {
        super(file.size(), new Naming(file.path(), "the hub", "hub_error", "pull"));
        this.hub = hub;
        this.repo = repo;
        this.file = file;
        this.target = target;
        this.events = events;
    }

    static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * Runs the download into {@code channel}, the part file its caller opened and locked; {@code release} lets go of
     * it before the finished part is checked and moved. Returns whether a published checksum was verified.
     */
    boolean run(FileChannel channel, Runnable release) throws IOException {
        Path part = partOf(target);
        try {
            try {
                long have = resume(channel);
                events.accept(new PullEvent.Started(repo, file.path(), file.size(), have));
                if (have < file.size()) {
                    FreeSpace.require(target, file.size() - have);
                    have = fetch(channel, have);
                }
                requireComplete(have);
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                deleteIfEmpty(channel, part); // a part with bytes in it is kept for the next pull to resume
                throw e;
            }
        } finally {
            release.run();
        }
        boolean verified = verify(part);
        move(part, target);
        return verified;
    }

    @Override
    protected Body open(long offset) {
        return hub.download(repo, file.path(), offset);
    }

    @Override
    protected RuntimeException failure(String code, String message, Throwable cause) {
        return new PullException(PullException.Kind.UNAVAILABLE, code, message, cause);
    }

    @Override
    protected RuntimeException tooLong() {
        return failure(
                "too_long", "the hub sent more than the " + file.size() + " bytes it listed for " + file.path(), null);
    }

    @Override
    protected void progress(long have, double bytesPerSecond) {
        events.accept(new PullEvent.Progress(have, file.size(), bytesPerSecond));
    }

    @Override
    protected void started(long nowNanos, long from) {
        rate = new MinimumRate(hub.limits().minBytesPerSec(), hub.limits().stallWindow(), nowNanos, from);
    }

    @Override
    protected void arriving(long nowNanos, long have, int chunk) {
        if (rate.tooSlow(nowNanos, have + chunk)) {
            throw failure(
                    "download_too_slow",
                    "the download of "
                            + file.path() + " stayed under " + hub.limits().minBytesPerSec()
                            + " bytes a second for "
                            + hub.limits().stallWindow().toSeconds()
                            + " s (pull.min_bytes_per_sec, pull.stall_sec); "
                            + "it stopped after " + have + " bytes, " + resumeHint(),
                    null);
        }
    }

    private boolean verify(Path part) throws IOException {
        if (file.sha256().isEmpty()) {
            return false;
        }
        String expected = file.sha256().get().toLowerCase(java.util.Locale.ROOT);
        events.accept(new PullEvent.Verifying(expected));
        requireDigest(
                part,
                expected,
                actual -> file.path() + " has SHA-256 " + actual + " but the hub published " + expected
                        + "; the download was deleted, run the pull again");
        return true;
    }

    /** A download refused before its first byte leaves nothing behind (deleted under our lock, so ours alone). */
    private static void deleteIfEmpty(FileChannel channel, Path part) {
        try {
            if (channel.size() == 0) {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            // an empty part is harmless: the next pull of the file reuses it
        }
    }

    private static void move(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
