package dev.tether.pull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Downloads one hub file into {@code target}: the bytes go to {@code target.part} (resumed with a range request
 * when a part is there), are hashed on the way, and the part is renamed to {@code target} only once its size
 * and SHA-256 match what the hub published — so a model's name never holds half a file. A lock on the part
 * keeps two pulls (two servers, or a server and the CLI) from writing it at once.
 */
final class Download {

    private static final int BUFFER = 1 << 20;
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    private final HubClient hub;
    private final String repo;
    private final HubFile file;
    private final Path target;
    private final Consumer<PullEvent> events;

    Download(HubClient hub, String repo, HubFile file, Path target, Consumer<PullEvent> events) {
        this.hub = hub;
        this.repo = repo;
        this.file = file;
        this.target = target;
        this.events = events;
    }

    static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /** Runs the download; returns whether a published checksum was verified. */
    boolean run() throws IOException {
        Path part = partOf(target);
        Files.createDirectories(target.toAbsolutePath().getParent());
        MessageDigest sha = sha256();
        try (FileChannel channel = FileChannel.open(
                        part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = lock(channel)) {
            try {
                long have = channel.size() > file.size() ? truncate(channel) : channel.size();
                hashExisting(channel, have, sha);
                events.accept(new PullEvent.Started(repo, file.path(), file.size(), have));
                if (have < file.size()) {
                    FreeSpace.require(target, file.size() - have);
                    have = fetch(channel, have, sha);
                }
                if (have != file.size()) {
                    throw new PullException(
                            PullException.Kind.UNAVAILABLE,
                            "incomplete",
                            "the hub sent " + have + " of " + file.size() + " bytes of " + file.path()
                                    + "; run the pull again to resume");
                }
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                deleteIfEmpty(channel, part); // a part with bytes in it is kept for the next pull to resume
                throw e;
            }
        }
        boolean verified = verify(part, sha);
        move(part, target);
        return verified;
    }

    private long fetch(FileChannel channel, long from, MessageDigest sha) throws IOException {
        HubClient.Body response = hub.download(repo, file.path(), from);
        long start = from;
        if (from > 0 && response.status() != 206) {
            // 200: the server ignores ranges; 416: the part no longer fits the file. Start over either way.
            start = truncate(channel);
            sha.reset();
            if (response.status() == 416) {
                response = hub.download(repo, file.path(), 0);
            }
        }
        if (response.status() == 416) {
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "hub_error",
                    "the hub refused to send " + file.path() + " (HTTP 416)");
        }
        try (InputStream in = response.stream()) {
            return copy(in, channel, start, sha);
        }
    }

    private long copy(InputStream in, FileChannel channel, long from, MessageDigest sha) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long have = from;
        long started = System.nanoTime();
        long lastReport = 0;
        MinimumRate rate =
                new MinimumRate(hub.limits().minBytesPerSec(), hub.limits().stallWindow(), started, from);
        int n;
        channel.position(from);
        while ((n = read(in, buffer, have)) > 0) {
            if (rate.tooSlow(System.nanoTime(), have + n)) {
                throw new PullException(
                        PullException.Kind.UNAVAILABLE,
                        "download_too_slow",
                        "the download of "
                                + file.path() + " stayed under " + hub.limits().minBytesPerSec()
                                + " bytes a second for "
                                + hub.limits().stallWindow().toSeconds()
                                + " s (pull.min_bytes_per_sec, pull.stall_sec); "
                                + "it stopped after " + have + " bytes, run the pull again to resume");
            }
            if (have + n > file.size()) {
                throw new PullException(
                        PullException.Kind.UNAVAILABLE,
                        "too_long",
                        "the hub sent more than the " + file.size() + " bytes it listed for " + file.path());
            }
            sha.update(buffer, 0, n);
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            have += n;
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY_NANOS || have == file.size()) {
                lastReport = now;
                double seconds = Math.max(1e-9, (now - started) / 1e9);
                events.accept(new PullEvent.Progress(have, file.size(), (have - from) / seconds));
            }
        }
        return have;
    }

    private int read(InputStream in, byte[] buffer, long have) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "download_interrupted",
                    "the download of "
                            + file.path() + " stopped after " + have + " bytes (" + e.getMessage()
                            + "); run the pull again to resume",
                    e);
        }
    }

    private boolean verify(Path part, MessageDigest sha) throws IOException {
        if (file.sha256().isEmpty()) {
            return false;
        }
        String expected = file.sha256().get().toLowerCase(java.util.Locale.ROOT);
        events.accept(new PullEvent.Verifying(expected));
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(expected)) {
            Files.deleteIfExists(part);
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "checksum_mismatch",
                    file.path()
                            + " has SHA-256 " + actual + " but the hub published " + expected
                            + "; the download was deleted, run the pull again");
        }
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

    private FileLock lock(FileChannel channel) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new PullException(
                    PullException.Kind.CONFLICT,
                    "pull_in_progress",
                    "another pull is already downloading " + target.getFileName());
        }
        return lock;
    }

    private static long truncate(FileChannel channel) throws IOException {
        channel.truncate(0);
        return 0;
    }

    private static void hashExisting(FileChannel channel, long length, MessageDigest sha) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long position = 0;
        while (position < length) {
            buffer.clear().limit((int) Math.min(BUFFER, length - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the part file shrank while being read");
            }
            sha.update(buffer.flip());
            position += n;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
