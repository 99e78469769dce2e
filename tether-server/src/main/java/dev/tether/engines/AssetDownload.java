package dev.tether.engines;

import dev.tether.pull.ResumableDownload;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Downloads one release file into {@code <folder>/<name>.part} as {@code tether pull} does: resumed with a range
 * request when a part is there, hashed on the way, and checked against the release's SHA-256 once complete. A
 * part with bytes in it stays for the next try; one whose checksum is wrong is deleted.
 */
final class AssetDownload extends ResumableDownload {

    private final ReleaseClient client;
    private final Release.Asset asset;
    private final Path part;
    private final Consumer<InstallEvent> events;

    AssetDownload(ReleaseClient client, Release.Asset asset, Path folder, Consumer<InstallEvent> events) {
        super(asset.size(), new Naming(asset.name(), "the server", "github_error", "install"));
        this.client = client;
        this.asset = asset;
        this.part = partOf(folder, asset);
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
        try (FileChannel channel =
                FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long have = resume(channel);
            if (have < asset.size()) {
                have = fetch(channel, have);
            }
            requireComplete(have);
            channel.force(false);
        }
        events.accept(new InstallEvent.Verifying(asset.name(), expected));
        requireDigest(
                part,
                expected,
                actual -> asset.name() + " has SHA-256 " + actual + " but the release's digest is " + expected
                        + "; the download was deleted and nothing was installed");
        return part;
    }

    @Override
    protected Body open(long offset) {
        return client.download(asset.url(), offset);
    }

    @Override
    protected RuntimeException failure(String code, String message, Throwable cause) {
        return new InstallException(InstallException.Kind.UNAVAILABLE, code, message, cause);
    }

    @Override
    protected RuntimeException tooLong() {
        return failure(
                "too_long",
                "the server sent more than the " + asset.size() + " bytes the release lists for " + asset.name(),
                null);
    }

    @Override
    protected void progress(long have, double bytesPerSecond) {
        events.accept(new InstallEvent.Progress(asset.name(), have, asset.size(), bytesPerSecond));
    }
}
