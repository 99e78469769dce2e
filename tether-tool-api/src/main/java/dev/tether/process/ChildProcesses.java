package dev.tether.process;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Starts every child process of Tether under a watchdog, so that no child outlives Tether — not even when Tether
 * is killed with {@code kill -9} or crashes: the watchdog holds a pipe from Tether on its stdin and ends the child
 * when that pipe closes (the Java watchdog also the processes under it; the shell one the child alone, which is
 * enough for the children it is used for: llama-server and the PDF worker start none of their own). {@link WatchdogMode} says which watchdog; the Java one
 * ({@link ChildWatchdog}) works on every platform.
 *
 * <p>Use it like {@link ProcessBuilder#start()}: the builder's command, directory, environment and output
 * redirects apply to the child (its stdout and stderr pass through the watchdog untouched).
 */
public final class ChildProcesses {

    private static final Logger LOG = Logger.getLogger(ChildProcesses.class.getName());
    private static final Duration STARTUP = Duration.ofSeconds(20);
    /** How long a child that reads its stdin has to exit on its own after it closes, before it is terminated. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);
    /**
     * Starts the child ($0 and its args) with no stdin, waits for Tether's pipe to close, then ends it. The first
     * line from Tether says it has found the child (until then the child is the shell's only child); {@code cat}
     * then waits in the foreground, so that the shell reaps the child as soon as it exits.
     */
    private static final String SH_WATCHDOG = """
            "$0" "$@" </dev/null &
            child=$!
            read -r _
            cat >/dev/null
            kill "$child" 2>/dev/null
            wait "$child"
            """;

    private static final List<String> WATCHDOG_JVM_OPTIONS =
            List.of("-Xms8m", "-Xmx32m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    /** What the child's stdin is. */
    public enum Stdin {
        /** Tether's pipe: what Tether writes to {@link WatchedProcess#process()}'s stdin reaches the child. */
        FORWARD,
        /** Nothing (an empty stream); the child is terminated as soon as Tether's pipe closes. */
        NONE
    }

    private ChildProcesses() {}

    /** Starts {@code builder}'s command with Tether's pipe forwarded to its stdin, under the configured watchdog. */
    public static WatchedProcess start(ProcessBuilder builder) throws IOException {
        return start(builder, Stdin.FORWARD);
    }

    /** Starts {@code builder}'s command under the watchdog that {@code TETHER_CHILD_WATCHDOG} chooses. */
    public static WatchedProcess start(ProcessBuilder builder, Stdin stdin) throws IOException {
        return start(builder, stdin, WatchdogMode.configured(), DEFAULT_GRACE);
    }

    /**
     * Starts {@code builder}'s command under the {@code mode} watchdog; a child with a forwarded stdin gets
     * {@code grace} to exit after its stdin closes. A shell cannot both forward the pipe and watch it, so such a
     * child gets the Java watchdog when {@code mode} is {@link WatchdogMode#SH}.
     */
    public static WatchedProcess start(ProcessBuilder builder, Stdin stdin, WatchdogMode mode, Duration grace)
            throws IOException {
        boolean forward = stdin == Stdin.FORWARD;
        WatchdogMode used = mode == WatchdogMode.SH && forward ? WatchdogMode.JAVA : mode;
        if (used == WatchdogMode.NONE) {
            if (!forward) {
                builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            }
            Process process = builder.start();
            return new WatchedProcess(process, process.toHandle(), used, forward);
        }
        requireExecutable(
                builder.command().get(0),
                builder.directory(),
                builder.environment().get("PATH"));
        List<String> command = new ArrayList<>(
                used == WatchdogMode.SH ? List.of("/bin/sh", "-c", SH_WATCHDOG) : javaWatchdog(forward, grace));
        command.addAll(builder.command());
        ProcessBuilder watched = new ProcessBuilder(command)
                .directory(builder.directory())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(builder.redirectOutput())
                .redirectError(builder.redirectError())
                .redirectErrorStream(builder.redirectErrorStream());
        watched.environment().clear();
        watched.environment().putAll(builder.environment());
        Process watchdog = watched.start();
        try {
            ProcessHandle child = childOf(watchdog, builder.command().get(0));
            if (used == WatchdogMode.SH) {
                watchdog.getOutputStream().write('\n');
                watchdog.getOutputStream().flush();
            }
            return new WatchedProcess(watchdog, child, used, forward);
        } catch (IOException e) {
            watchdog.destroyForcibly();
            throw e;
        }
    }

    /**
     * Refuses a program that is not there, as {@link ProcessBuilder#start()} would: the watchdog would start and
     * report it only through the child's stderr and exit code. (One that is there but cannot run still shows as a
     * child that ends at once, with exit code 126 or 127.)
     */
    static void requireExecutable(String program, File directory, String path) throws IOException {
        boolean windows = File.separatorChar == '\\';
        if (program.contains("/") || program.contains(File.separator)) {
            Path file =
                    directory == null ? Path.of(program) : directory.toPath().resolve(program);
            if (!Files.isRegularFile(file) && !(windows && Files.isRegularFile(Path.of(file + ".exe")))) {
                throw new IOException("cannot start " + program + ": no such file");
            }
            return;
        }
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : windows
                    ? List.of(program, program + ".exe", program + ".cmd", program + ".bat")
                    : List.of(program)) {
                try {
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && (windows || Files.isExecutable(candidate))) {
                        return;
                    }
                } catch (InvalidPathException e) {
                    // a PATH entry that is no path: skipped
                }
            }
        }
        throw new IOException("cannot start " + program + ": not found on PATH");
    }

    /**
     * {@code command} as a command line that runs it under the configured watchdog with Tether's pipe forwarded to
     * its stdin, for a library that starts the process itself (the MCP SDK's stdio transport); unchanged with
     * {@code TETHER_CHILD_WATCHDOG=none}. A program that is not there is refused here, as it would be at start.
     */
    public static List<String> watchedCommand(List<String> command, File directory, String path) throws IOException {
        requireExecutable(command.getFirst(), directory, path);
        if (WatchdogMode.configured() == WatchdogMode.NONE) {
            return List.copyOf(command);
        }
        List<String> watched = new ArrayList<>(javaWatchdog(true, DEFAULT_GRACE));
        watched.addAll(command);
        return watched;
    }

    /** The command line that runs {@link ChildWatchdog} in a small JVM, on a class path of its own jar only. */
    static List<String> javaWatchdog(boolean forward, Duration grace) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(WATCHDOG_JVM_OPTIONS);
        command.add("-cp");
        command.add(ownClassPath());
        command.add(ChildWatchdog.class.getName());
        command.add(forward ? "forward" : "watch");
        command.add(Long.toString(grace.toMillis()));
        return command;
    }

    /** The watchdog's one child, once it has started; an IOException when the watchdog exits first. */
    private static ProcessHandle childOf(Process watchdog, String program) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = watchdog.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            if (!watchdog.isAlive()) {
                throw new IOException(
                        "cannot start " + program + " (the watchdog exited with " + watchdog.exitValue() + ")");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting " + program);
            }
        }
        throw new IOException("the watchdog did not start " + program + " within " + STARTUP.toSeconds() + " s");
    }

    private static String javaExecutable() {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java")
                .toString();
    }

    /** The jar (or classes folder) this class was loaded from; the whole class path if that is unknown. */
    private static String ownClassPath() {
        try {
            var source = ChildWatchdog.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation().getProtocol().equals("file")) {
                return Path.of(source.getLocation().toURI()).toString();
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            LOG.fine(() -> "the watchdog's own class path is unknown: " + e);
        }
        return System.getProperty("java.class.path");
    }

    private static File nullDevice() {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return new File(windows ? "NUL" : "/dev/null");
    }
}
