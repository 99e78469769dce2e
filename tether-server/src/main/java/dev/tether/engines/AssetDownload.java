package dev.tether.engines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Downloads one release file into {@code <folder>/<name>.part} as {@code tether pull} does: resumed with a range
 * request when a part is there, hashed on the way, and checked against the release's SHA-256 once complete. A
 * part with bytes in it stays for the next try; one whose checksum is wrong is deleted.
 */
final class AssetDownload {

    private static final int BUFFER = 1 << 20;
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    private final ReleaseClient client;
    private final Release.Asset asset;
    private final Path part;
    private final Consumer<InstallEvent> events;

    AssetDownload(ReleaseClient client, Release.Asset asset, Path folder, Consumer<InstallEvent> events) {
        this.client = client;
        this.asset = asset;
        this.part = folder.resolve(asset.name() + ".part");
        this.events = events;
    }

    static Path partOf(Path folder, Release.Asset asset) {
        return folder.resolve(asset.name() + ".part");
    }

    /** Bytes already on disk from an earlier try. */
    long resumable() {
        try {
            long size = Files.isRegularFile(part) ? Files.size(part) : 0;
            return size <= asset.size() ? size : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Runs the download and the checksum; returns the verified file (still named {@code .part}). */
    Path run() throws IOException {
        String expected = asset.sha256().orElseThrow().toLowerCase(Locale.ROOT);
        MessageDigest sha = sha256();
        try (FileChannel channel =
                FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long have = channel.size() > asset.size() ? truncate(channel) : channel.size();
            hashExisting(channel, have, sha);
            if (have < asset.size()) {
                have = fetch(channel, have, sha);
            }
            if (have != asset.size()) {
                throw new InstallException(
                        InstallException.Kind.UNAVAILABLE,
                        "incomplete",
                        "the server sent "
                                + have + " of " + asset.size() + " bytes of " + asset.name()
                                + "; run the install again to resume");
            }
            channel.force(false);
        }
        events.accept(new InstallEvent.Verifying(asset.name(), expected));
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(expected)) {
            Files.deleteIfExists(part);
            throw new InstallException(
                    InstallException.Kind.UNAVAILABLE,
                    "checksum_mismatch",
                    asset.name()
                            + " has SHA-256 " + actual + " but the release's digest is " + expected
                            + "; the download was deleted and nothing was installed");
        }
        return part;
    }

    private long fetch(FileChannel channel, long from, MessageDigest sha) throws IOException {
        ReleaseClient.Body response = client.download(asset.url(), from);
        long start = from;
        if (from > 0 && response.status() != 206) {
            // 200: the server ignores ranges; 416: the part no longer fits the file. Start over either way.
            start = truncate(channel);
            sha.reset();
            if (response.status() == 416) {
                response = client.download(asset.url(), 0);
            }
        }
        if (response.status() == 416) {
            throw new InstallException(
                    InstallException.Kind.UNAVAILABLE,
                    "github_error",
                    "the server refused to send " + asset.name() + " (HTTP 416)");
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
        int n;
        channel.position(from);
        while ((n = read(in, buffer, have)) > 0) {
            if (have + n > asset.size()) {
                throw new InstallException(
                        InstallException.Kind.UNAVAILABLE,
                        "too_long",
                        "the server sent more than the " + asset.size() + " bytes the release lists for "
                                + asset.name());
            }
            sha.update(buffer, 0, n);
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            have += n;
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY_NANOS || have == asset.size()) {
                lastReport = now;
                double seconds = Math.max(1e-9, (now - started) / 1e9);
                events.accept(new InstallEvent.Progress(asset.name(), have, asset.size(), (have - from) / seconds));
            }
        }
        return have;
    }

    private int read(InputStream in, byte[] buffer, long have) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new InstallException(
                    InstallException.Kind.UNAVAILABLE,
                    "download_interrupted",
                    "the download of "
                            + asset.name() + " stopped after " + have + " bytes (" + e.getMessage()
                            + "); run the install again to resume",
                    e);
        }
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
