package dev.tether.pull;

import java.time.Duration;

/**
 * A download's floor: over each window of {@code window}, at least {@code bytesPerSecond} a second on average must
 * arrive, so a body that drips a byte now and then (each read within the read timeout) still ends.
 */
final class MinimumRate {

    private final long bytesPerSecond;
    private final long windowNanos;
    private long windowStart;
    private long bytesAtStart;

    MinimumRate(long bytesPerSecond, Duration window, long nowNanos, long bytes) {
        this.bytesPerSecond = bytesPerSecond;
        this.windowNanos = window.toNanos();
        this.windowStart = nowNanos;
        this.bytesAtStart = bytes;
    }

    /** Whether, at {@code nowNanos} with {@code bytes} received, the window that just ended fell short. */
    boolean tooSlow(long nowNanos, long bytes) {
        long elapsed = nowNanos - windowStart;
        if (elapsed < windowNanos) {
            return false;
        }
        double needed = bytesPerSecond * (elapsed / 1e9);
        if (bytes - bytesAtStart < needed) {
            return true;
        }
        windowStart = nowNanos;
        bytesAtStart = bytes;
        return false;
    }
}
