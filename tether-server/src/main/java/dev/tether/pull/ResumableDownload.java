package dev.tether.pull;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The bytes of one published file fetched into a part file, as a pull and an engine install both do: resumed with
 * a range request when the part holds bytes, hashed on the way, never longer than the size published. Where the
 * bytes come from, which exception a failure is and what progress is told belong to the subclass.
 */
public abstract class ResumableDownload {

    private static final int BUFFER = 1 << 20;
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    /** A download's answer: the status (206 when the range was honoured) and the body. */
    public record Body(int status, InputStream stream) {}

    /**
     * How a download's failures name things: the {@code file}, the {@code sender} ("the hub"), the code of a
     * refusal from that sender, and the {@code command} whose rerun resumes the download ("pull").
     */
    public record Naming(String file, String sender, String refusalCode, String command) {}

    private final long size;
    private final Naming naming;
    private final MessageDigest sha = sha256();

    protected ResumableDownload(long size, Naming naming) {
        this.size = size;
        this.naming = naming;
    }

    /** The file's bytes from {@code offset} on (0: the whole file). */
    protected abstract Body open(long offset);

    /** The subclass's exception for a failure with this {@code code} (the download cannot go on). */
    protected abstract RuntimeException failure(String code, String message, Throwable cause);

    /** The server sent more than the published size. */
    protected abstract RuntimeException tooLong();

    /** The part holds {@code have} bytes, arriving at {@code bytesPerSecond} since this fetch began. */
    protected abstract void progress(long have, double bytesPerSecond);

    /** The fetch begins at {@code nowNanos} with {@code from} bytes in the part. */
    protected void started(long nowNanos, long from) {}

    /** A chunk of {@code chunk} bytes arrives while the part holds {@code have}; throw to stop the download. */
    protected void arriving(long nowNanos, long have, int chunk) {}

    /**
     * The bytes already in the part (none when it is longer than the file), hashed; the start of a resumed
     * download.
     */
    protected final long resume(FileChannel channel) throws IOException {
        long have = channel.size() > size ? truncate(channel) : channel.size();
        hashExisting(channel, have);
        return have;
    }

    /** Fetches the bytes after {@code from} into the part; returns how many bytes the part then holds. */
    protected final long fetch(FileChannel channel, long from) throws IOException {
        Body response = open(from);
        long start = from;
        if (from > 0 && response.status() != 206) {
            // 200: the server ignores ranges; 416: the part no longer fits the file. Start over either way.
            start = truncate(channel);
            sha.reset();
            if (response.status() == 416) {
                response = open(0);
            }
        }
        if (response.status() == 416) {
            throw refused();
        }
        try (InputStream in = response.stream()) {
            return copy(in, channel, start);
        }
    }

    /** Throws the {@code incomplete} failure unless the part holds all of the file's bytes. */
    protected final void requireComplete(long have) {
        if (have != size) {
            throw failure(
                    "incomplete",
                    naming.sender() + " sent " + have + " of " + size + " bytes of " + naming.file() + "; "
                            + resumeHint(),
                    null);
        }
    }

    /**
     * Deletes the part and throws {@code checksum_mismatch} unless its bytes hash to {@code expected};
     * {@code mismatch} words the failure from the digest the bytes have.
     */
    protected final void requireDigest(Path part, String expected, UnaryOperator<String> mismatch) throws IOException {
        String actual = digest();
        if (!actual.equals(expected)) {
            Files.deleteIfExists(part);
            throw failure("checksum_mismatch", mismatch.apply(actual), null);
        }
    }

    /** What a failure that kept the part's bytes tells the user to do. */
    protected final String resumeHint() {
        return "run the " + naming.command() + " again to resume";
    }

    /** The SHA-256 of every byte in the part, in lower-case hex; call once the part is complete. */
    protected final String digest() {
        return HexFormat.of().formatHex(sha.digest());
    }

    private long copy(InputStream in, FileChannel channel, long from) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long have = from;
        long started = System.nanoTime();
        long lastReport = 0;
        started(started, from);
        int n;
        channel.position(from);
        while ((n = read(in, buffer, have)) > 0) {
            arriving(System.nanoTime(), have, n);
            if (have + n > size) {
                throw tooLong();
            }
            sha.update(buffer, 0, n);
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            have += n;
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY_NANOS || have == size) {
                lastReport = now;
                double seconds = Math.max(1e-9, (now - started) / 1e9);
                progress(have, (have - from) / seconds);
            }
        }
        return have;
    }

    private int read(InputStream in, byte[] buffer, long have) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw failure(
                    "download_interrupted",
                    "the download of " + naming.file() + " stopped after " + have + " bytes (" + e.getMessage() + "); "
                            + resumeHint(),
                    e);
        }
    }

    private RuntimeException refused() {
        return failure(
                naming.refusalCode(), naming.sender() + " refused to send " + naming.file() + " (HTTP 416)", null);
    }

    private static long truncate(FileChannel channel) throws IOException {
        channel.truncate(0);
        return 0;
    }

    private void hashExisting(FileChannel channel, long length) throws IOException {
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

    /**
     * A GET of {@code uri} that does not follow redirects (the caller checks each hop), with {@code timeout} for
     * connecting and for each read, the {@code range} header when there is one, and the token as a bearer.
     */
    public static HttpURLConnection connect(
            URI uri, Duration timeout, String userAgent, String range, Optional<String> bearer) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setRequestProperty("User-Agent", userAgent);
        if (range != null) {
            connection.setRequestProperty("Range", range);
        }
        bearer.ifPresent(token -> connection.setRequestProperty("Authorization", "Bearer " + token));
        return connection;
    }

    /** An exclusive lock on {@code channel}, or empty when another process or thread holds one. */
    public static Optional<FileLock> tryLock(FileChannel channel) throws IOException {
        try {
            return Optional.ofNullable(channel.tryLock());
        } catch (OverlappingFileLockException e) {
            return Optional.empty();
        }
    }
}
