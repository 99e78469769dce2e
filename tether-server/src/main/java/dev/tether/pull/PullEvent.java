package dev.tether.pull;

import java.nio.file.Path;

/** What a pull reports while it runs, in order: {@link Started}, {@link Progress}…, {@link Verifying}, {@link Done}. */
public sealed interface PullEvent {

    /** The file was chosen; {@code resumedFrom} bytes were already on disk from an earlier try. */
    record Started(String repo, String file, long totalBytes, long resumedFrom) implements PullEvent {}

    /** {@code bytesPerSecond} is measured over this run, not counting resumed bytes. */
    record Progress(long downloadedBytes, long totalBytes, double bytesPerSecond) implements PullEvent {}

    /** Every byte is in; the SHA-256 the hub published is being compared. */
    record Verifying(String expectedSha256) implements PullEvent {}

    /**
     * @param model          the name the model has in {@code /models}
     * @param verified       whether a published SHA-256 was checked (small non-LFS files have none)
     * @param alreadyPresent the file was there already, nothing was downloaded
     */
    record Done(String model, Path path, long bytes, boolean verified, boolean alreadyPresent) implements PullEvent {}
}
