package dev.tether.process;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child started by {@link ChildProcesses}: {@link #process()} is the process Tether started (the watchdog, or the
 * child itself with no watchdog) — write to its stdin to reach the child (when stdin is forwarded), read the child's
 * output from its stdout and stderr (when piped) — and {@link #child()} is the child itself.
 */
public record WatchedProcess(Process process, ProcessHandle child, WatchdogMode mode, boolean stdinForwarded)
        implements AutoCloseable {

    /** Whether the child is still running. */
    public boolean alive() {
        return child.isAlive();
    }

    /** Waits up to {@code timeout} for the child to end; true if it has. */
    public boolean awaitExit(Duration timeout) {
        try {
            child.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !child.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !child.isAlive();
        }
    }

    /**
     * Ends the child as a closed pipe from Tether would: its stdin is closed and, after the watchdog's grace
     * period, it is terminated; if it is still running {@code timeout} later it and its descendants are killed.
     */
    public void end(Duration timeout) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the watchdog is gone already; the child is ended below
        }
        if (mode == WatchdogMode.NONE && !stdinForwarded) {
            child.destroy(); // nobody else will
        }
        if (!awaitExit(timeout)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            awaitExit(Duration.ofSeconds(5));
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy();
    }

    /** {@link #end} with ten seconds for the child to go. */
    @Override
    public void close() {
        end(Duration.ofSeconds(10));
    }
}
