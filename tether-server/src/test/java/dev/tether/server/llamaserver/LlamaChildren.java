package dev.tether.server.llamaserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The llama-server processes serving one model file, found in {@code /proc} by their command line (which names the
 * model), so that they are found after their parent died and they were re-parented too.
 */
final class LlamaChildren {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private LlamaChildren() {}

    /** The pids of the live llama-server processes whose command line names {@code model}. */
    static List<Long> serving(Path model) {
        String wanted = model.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .command()
                        .map(c -> Path.of(c).getFileName().toString().equals("llama-server"))
                        .orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(wanted)).orElse(false))
                .map(ProcessHandle::pid)
                .filter(LlamaChildren::alive)
                .toList();
    }

    /** The one llama-server serving {@code model}; waits for it to appear (a load in flight). */
    static long theOne(Path model) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<Long> found = serving(model);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            found = serving(model);
        }
        assertThat(found).as("llama-server processes serving " + model).hasSize(1);
        return found.get(0);
    }

    /** Polls {@code /proc} until {@code pid} is gone (or a zombie, which has ended) or the deadline passes. */
    static void assertExits(long pid, String when) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(alive(pid))
                .as("llama-server pid " + pid + " still running " + DEADLINE.toSeconds() + " s after " + when)
                .isFalse();
    }

    /** Whether {@code pid} runs: present in {@code /proc} and not a zombie (state Z) or dead (X). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /** SIGKILL, as {@code kill -9}. */
    static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}
