package dev.tether.engines;

/**
 * What an install reports while it runs, in order: {@link Started}, then per archive {@link Progress}… and
 * {@link Verifying}, then {@link Unpacking}, {@link Checking} and {@link Done}.
 */
public sealed interface InstallEvent {

    /** The release and file were chosen; {@code resumedFrom} bytes were already on disk from an earlier try. */
    record Started(String tag, String asset, String backend, String why, long totalBytes, long resumedFrom)
            implements InstallEvent {}

    /** {@code bytesPerSecond} is measured over this run, not counting resumed bytes. */
    record Progress(String asset, long downloadedBytes, long totalBytes, double bytesPerSecond)
            implements InstallEvent {}

    /** Every byte of {@code asset} is in; its SHA-256 is being compared with the release's digest. */
    record Verifying(String asset, String sha256) implements InstallEvent {}

    /** The verified archive is being unpacked into a temporary folder. */
    record Unpacking(String asset) implements InstallEvent {}

    /** {@code llama-server --version} and {@code --list-devices} are being run. */
    record Checking(String server) implements InstallEvent {}

    /** The engine is in place; {@code alreadyPresent} when it was installed before and nothing was downloaded. */
    record Done(InstalledEngine engine, boolean alreadyPresent) implements InstallEvent {}
}
