package dev.tether.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Java watchdog: a small JVM between Tether and one child. It starts the child (its stdout and stderr are the
 * watchdog's own, passed straight through), forwards Tether's pipe to the child's stdin or only watches it, and when
 * that pipe closes — Tether stopped, or was killed with {@code kill -9} — it closes the child's stdin, waits the
 * grace period and then ends the child and every process under it. It exits with the child's exit code as soon as
 * the child exits. Terminated itself (SIGTERM, Ctrl+C), it ends the child first.
 *
 * <p>Usage: {@code ChildWatchdog forward|watch GRACE_MS COMMAND...}; started by {@link ChildProcesses}.
 */
public final class ChildWatchdog {

    /** The exit code when the child could not be started (as a shell says "command not found"). */
    static final int START_FAILED = 127;

    private static final Duration FORCE_AFTER = Duration.ofSeconds(5);

    private ChildWatchdog() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3 || !(args[0].equals("forward") || args[0].equals("watch"))) {
            System.err.println("usage: ChildWatchdog forward|watch GRACE_MS COMMAND...");
            System.exit(2);
        }
        boolean forward = args[0].equals("forward");
        long graceMillis = Long.parseLong(args[1]);
        List<String> command = Arrays.asList(args).subList(2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            System.err.println("cannot start " + command.get(0) + ": " + e.getMessage());
            System.exit(START_FAILED);
            return;
        }
        if (!forward) {
            closeQuietly(child.getOutputStream());
        }
        // asked to stop itself (SIGTERM, Ctrl+C, a logoff): the child goes first
        Runtime.getRuntime().addShutdownHook(new Thread(() -> end(child, Duration.ZERO)));
        Thread.ofPlatform().daemon().name("watchdog-stdin").start(() -> {
            pump(System.in, forward ? child.getOutputStream() : OutputStream.nullOutputStream());
            end(child, Duration.ofMillis(graceMillis));
        });
        System.exit(child.waitFor());
    }

    /** Copies until {@code in} ends (or fails); the child's stdin is closed after. */
    private static void pump(InputStream in, OutputStream out) {
        byte[] buffer = new byte[8192];
        boolean childListening = true;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (childListening) {
                    try {
                        out.write(buffer, 0, n);
                        out.flush();
                    } catch (IOException e) {
                        childListening = false; // it closed its stdin; Tether's pipe is still watched
                    }
                }
            }
        } catch (IOException e) {
            // Tether's end is gone: the same as the pipe closing
        }
        closeQuietly(out);
    }

    /** Gives the child {@code grace} to exit on its own, then ends it and its descendants, forcibly if need be. */
    static void end(Process child, Duration grace) {
        try {
            if (child.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            List<ProcessHandle> tree = child.descendants().toList(); // before the child ends and they are re-parented
            child.destroy();
            tree.forEach(ProcessHandle::destroy);
            if (!child.waitFor(FORCE_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly();
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
