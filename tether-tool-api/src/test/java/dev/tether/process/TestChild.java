package dev.tether.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The processes the watchdog tests start, each a JVM on the test class path:
 * {@code echo} (echoes stdin lines until it ends, then exits 3), {@code exit N}, {@code sleep} (runs until
 * killed), {@code parent} (a sleep with a sleeping child of its own; prints that child's pid), and
 * {@code tether MODE STDIN} (plays Tether: starts a {@code parent} under the MODE watchdog, prints the parent's and
 * its child's pids, then waits to be killed).
 */
public final class TestChild {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "echo" -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("echo " + line);
                    System.out.flush();
                }
                System.exit(3);
            }
            case "exit" -> System.exit(Integer.parseInt(args[1]));
            case "sleep" -> Thread.sleep(Long.MAX_VALUE);
            case "parent" -> {
                Process child = new ProcessBuilder(command("sleep")).start();
                System.out.println(child.pid());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            case "tether" -> {
                WatchedProcess parent = ChildProcesses.start(
                        new ProcessBuilder(command("parent")),
                        ChildProcesses.Stdin.valueOf(args[2]),
                        WatchdogMode.valueOf(args[1]),
                        Duration.ofMillis(500));
                String grandchild =
                        parent.process().inputReader(StandardCharsets.UTF_8).readLine();
                System.out.println(parent.child().pid() + " " + grandchild);
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** The command line that runs this class with {@code args}. */
    static List<String> command(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                TestChild.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
