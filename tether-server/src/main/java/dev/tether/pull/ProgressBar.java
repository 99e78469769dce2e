package dev.tether.pull;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Shows a pull in a terminal: a bar redrawn in place with size, rate and time left when {@code live} (stderr is a
 * terminal), otherwise one line per step and a progress line every {@code pipedEvery}, so logs and pipes stay
 * readable and still show that the download moves.
 */
final class ProgressBar implements Consumer<PullEvent> {

    private static final int WIDTH = 30;

    /** How often a pull that is not shown on a terminal prints a progress line. */
    static final Duration PIPED_EVERY = Duration.ofSeconds(5);

    private final PrintStream out;
    private final boolean live;
    private final long pipedEveryNanos;
    private final LongSupplier nanoTime;
    private boolean drawn;
    private long lastPipedLine = Long.MIN_VALUE;

    ProgressBar(PrintStream out, boolean live) {
        this(out, live, PIPED_EVERY, System::nanoTime);
    }

    ProgressBar(PrintStream out, boolean live, Duration pipedEvery, LongSupplier nanoTime) {
        this.out = out;
        this.live = live;
        this.pipedEveryNanos = pipedEvery.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public void accept(PullEvent event) {
        switch (event) {
            case PullEvent.Started s ->
                out.println("Pulling " + s.repo() + " " + s.file() + " (" + size(s.totalBytes())
                        + (s.resumedFrom() > 0 && s.resumedFrom() < s.totalBytes()
                                ? ", resuming at " + size(s.resumedFrom())
                                : "")
                        + ")");
            case PullEvent.Progress p -> {
                if (live) {
                    out.print("\r" + line(p));
                    out.flush();
                    drawn = true;
                } else {
                    long now = nanoTime.getAsLong();
                    if (lastPipedLine == Long.MIN_VALUE || now - lastPipedLine >= pipedEveryNanos) {
                        lastPipedLine = now;
                        out.println(line(p));
                    }
                }
            }
            case PullEvent.Verifying v -> {
                endLine();
                out.println("Checking SHA-256 " + v.expectedSha256());
            }
            case PullEvent.Done d -> {
                endLine();
                out.println(
                        d.alreadyPresent()
                                ? "Already there: " + d.path()
                                : "Saved " + d.path()
                                        + (d.verified() ? " (checksum verified)" : " (the hub publishes no checksum)"));
            }
        }
    }

    private void endLine() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    /** {@code [=========>     ]  45%  1.2 GB / 2.5 GB  31.4 MB/s  41s left}. */
    static String line(PullEvent.Progress p) {
        double fraction = p.totalBytes() == 0 ? 1 : (double) p.downloadedBytes() / p.totalBytes();
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1))
                + (filled > 0 ? (filled == WIDTH ? "=" : ">") : "")
                + " ".repeat(WIDTH - filled);
        long left = p.totalBytes() - p.downloadedBytes();
        String eta = p.bytesPerSecond() > 0 ? duration(Math.round(left / p.bytesPerSecond())) + " left" : "";
        return String.format(
                        Locale.ROOT,
                        "[%s] %3d%%  %s / %s  %s/s  %s",
                        bar,
                        Math.round(fraction * 100),
                        size(p.downloadedBytes()),
                        size(p.totalBytes()),
                        size(Math.round(p.bytesPerSecond())),
                        eta)
                .stripTrailing();
    }

    static String size(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(long seconds) {
        if (seconds >= 3600) {
            return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02dm", seconds % 3600 / 60);
        }
        return seconds >= 60 ? seconds / 60 + "m" + String.format(Locale.ROOT, "%02ds", seconds % 60) : seconds + "s";
    }
}
