package dev.tether.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real child processes (JVMs running {@link TestChild}) under each watchdog. */
class ChildProcessesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void theJavaWatchdogForwardsStdinPassesOutputThroughAndTheExitCodeOn() throws Exception {
        WatchedProcess echo = ChildProcesses.start(
                new ProcessBuilder(TestChild.command("echo")),
                ChildProcesses.Stdin.FORWARD,
                WatchdogMode.JAVA,
                Duration.ofSeconds(5));
        assertThat(echo.child().pid()).isNotEqualTo(echo.process().pid());
        BufferedReader out = echo.process().inputReader(StandardCharsets.UTF_8);
        Writer in = echo.process().outputWriter(StandardCharsets.UTF_8);
        in.write("hello\n");
        in.flush();
        assertThat(out.readLine()).isEqualTo("echo hello");
        in.close(); // the child sees its stdin end and exits 3 within the grace period
        assertThat(echo.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(echo.process().exitValue()).isEqualTo(3);
        assertThat(echo.child().isAlive()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"JAVA, FORWARD", "JAVA, NONE"})
    void theWatchdogExitsWithTheChildsCodeWhenTheChildExits(WatchdogMode mode, ChildProcesses.Stdin stdin)
            throws Exception {
        WatchedProcess child = ChildProcesses.start(
                new ProcessBuilder(TestChild.command("exit", "7")), stdin, mode, Duration.ofSeconds(5));
        assertThat(child.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .as("the watchdog exits although Tether's pipe is still open")
                .isTrue();
        assertThat(child.process().exitValue()).isEqualTo(7);
    }

    @Test
    @EnabledOnOs(
            value = {OS.LINUX, OS.MAC},
            disabledReason = "the sh watchdog needs /bin/sh")
    void aChildThatExitsUnderTheShWatchdogIsSeenToHaveEndedAndItsCodeIsPassedOn() throws Exception {
        WatchedProcess child = ChildProcesses.start(
                new ProcessBuilder(TestChild.command("exit", "7")),
                ChildProcesses.Stdin.NONE,
                WatchdogMode.SH,
                Duration.ZERO);
        assertThat(child.awaitExit(DEADLINE))
                .as("the shell reaps the child (no zombie that looks alive)")
                .isTrue();
        assertThat(child.process().isAlive())
                .as("the sh watchdog waits for Tether's pipe")
                .isTrue();
        child.process().getOutputStream().close();
        assertThat(child.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(child.process().exitValue()).isEqualTo(7);
    }

    @ParameterizedTest
    @CsvSource({
        "JAVA, /no/such/program-tether, no such file",
        "JAVA, no-such-program-tether, not found on PATH",
        "SH, /no/such/program-tether, no such file",
        "NONE, no-such-program-tether, no-such-program-tether"
    })
    void aProgramThatIsNotThereIsAnIOException(WatchdogMode mode, String program, String why) {
        assertThatThrownBy(() -> ChildProcesses.start(
                        new ProcessBuilder(program), ChildProcesses.Stdin.NONE, mode, Duration.ZERO))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(program)
                .hasMessageContaining(why);
    }

    @Test
    void aProgramOnPathOrGivenByItsPathIsFound() throws IOException {
        String java = TestChild.command().get(0);
        ChildProcesses.requireExecutable(java, null, null);
        ChildProcesses.requireExecutable("java", null, Path.of(java).getParent().toString());
        assertThatThrownBy(() -> ChildProcesses.requireExecutable("java", null, "/no/such/dir"))
                .hasMessage("cannot start java: not found on PATH");
    }

    @Test
    void endingAWatchedChildEndsItsWholeTree() throws Exception {
        WatchedProcess parent = ChildProcesses.start(
                new ProcessBuilder(TestChild.command("parent")),
                ChildProcesses.Stdin.NONE,
                WatchdogMode.JAVA,
                Duration.ZERO);
        long grandchild = Long.parseLong(
                parent.process().inputReader(StandardCharsets.UTF_8).readLine().strip());
        parent.end(DEADLINE);
        assertThat(parent.alive()).isFalse();
        assertGone(grandchild);
        assertThat(parent.process().isAlive()).isFalse();
    }

    @Test
    @EnabledOnOs(
            value = {OS.LINUX, OS.MAC},
            disabledReason = "destroy() is SIGTERM only on POSIX")
    void aJavaWatchdogAskedToStopEndsItsChildFirst() throws Exception {
        WatchedProcess parent = ChildProcesses.start(
                new ProcessBuilder(TestChild.command("parent")),
                ChildProcesses.Stdin.NONE,
                WatchdogMode.JAVA,
                Duration.ofSeconds(30));
        long grandchild = Long.parseLong(
                parent.process().inputReader(StandardCharsets.UTF_8).readLine().strip());
        parent.process().destroy(); // SIGTERM on POSIX, as a supervisor stopping the process group would
        assertThat(parent.process().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertGone(parent.child().pid());
        assertGone(grandchild);
    }

    @ParameterizedTest
    @CsvSource({"JAVA, NONE", "JAVA, FORWARD"})
    void killingTetherEndsTheChildAndItsChildrenUnderTheJavaWatchdog(WatchdogMode mode, ChildProcesses.Stdin stdin)
            throws Exception {
        List<Long> pids = killedTetherLeaves(mode, stdin);
        pids.forEach(ChildProcessesTest::assertGone);
    }

    @Test
    @EnabledOnOs(
            value = {OS.LINUX, OS.MAC},
            disabledReason = "the sh watchdog needs /bin/sh")
    void killingTetherEndsTheChildUnderTheShWatchdog() throws Exception {
        List<Long> pids = killedTetherLeaves(WatchdogMode.SH, ChildProcesses.Stdin.NONE);
        try {
            assertGone(pids.get(0));
        } finally {
            // the shell ends its child only; the test's grandchild would outlive the run
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** Without a watchdog the child survives: the test above can tell the difference. */
    @Test
    void withoutAWatchdogTheChildOutlivesAKilledTether() throws Exception {
        List<Long> pids = killedTetherLeaves(WatchdogMode.NONE, ChildProcesses.Stdin.NONE);
        try {
            assertThat(running(pids.get(0))).isTrue();
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void theModeComesFromTheEnvironmentWithADefaultPerPlatform() {
        assertThat(WatchdogMode.parse(null, true)).isEqualTo(WatchdogMode.SH);
        assertThat(WatchdogMode.parse(" ", false)).isEqualTo(WatchdogMode.JAVA);
        assertThat(WatchdogMode.parse("Java", true)).isEqualTo(WatchdogMode.JAVA);
        assertThat(WatchdogMode.parse("none", true)).isEqualTo(WatchdogMode.NONE);
        assertThatThrownBy(() -> WatchdogMode.parse("systemd", true))
                .hasMessageContaining("TETHER_CHILD_WATCHDOG must be java, sh or none");
    }

    @Test
    void theJavaWatchdogRunsOnItsOwnClassesOnly() {
        List<String> command = ChildProcesses.javaWatchdog(false, Duration.ofSeconds(2));
        String classPath = command.get(command.indexOf("-cp") + 1);
        assertThat(classPath).doesNotContain(java.io.File.pathSeparator).contains("tether-tool-api");
        assertThat(command).endsWith(ChildWatchdog.class.getName(), "watch", "2000");
    }

    /** Starts a "Tether" JVM that starts a parent (with a child) under {@code mode}, kills it: the pids left. */
    private static List<Long> killedTetherLeaves(WatchdogMode mode, ChildProcesses.Stdin stdin) throws Exception {
        Process tether = new ProcessBuilder(TestChild.command("tether", mode.name(), stdin.name()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String line = tether.inputReader(StandardCharsets.UTF_8).readLine();
        assertThat(line).as("the pids the fake Tether started").isNotNull();
        List<Long> pids =
                Arrays.stream(line.strip().split(" ")).map(Long::parseLong).toList();
        pids.forEach(pid -> assertThat(running(pid)).as("pid " + pid + " runs").isTrue());
        tether.destroyForcibly(); // kill -9
        assertThat(tether.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return pids;
    }

    private static void assertGone(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                // judged below
            }
        });
        assertThat(running(pid)).as("pid " + pid + " still runs").isFalse();
    }

    /** Whether {@code pid} runs; on Linux a zombie (ended, not yet reaped by a re-parented init) does not. */
    private static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String text = Files.readString(stat);
                char state = text.charAt(text.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
