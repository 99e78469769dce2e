package dev.tether.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the clients we did not write (Node 22 from {@code src/test/node}, installed by {@code npm ci}) and the
 * stdio launcher as a separate JVM.
 */
final class ExternalProcess {

    static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

    record Result(int exitCode, String stdout, String stderr) {}

    private ExternalProcess() {}

    /** The Node 22 binary that npm installed (the MCP inspector and conformance suite need 22). */
    static String node() {
        Path node = NODE_DIR.resolve("node_modules/node/bin/node");
        if (!Files.isExecutable(node)) {
            throw new IllegalStateException(node + " is missing: run npm ci in " + NODE_DIR);
        }
        return node.toString();
    }

    /** The command that starts {@link McpMain} in a fresh JVM with this test run's class path. */
    static List<String> mcpMain(Path config) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(java, "-cp", classPath, McpMain.class.getName(), "--config", config.toString());
    }

    static Result run(Duration timeout, Map<String, String> env, List<String> command) {
        try {
            Path out = Files.createTempFile("tether-mcp-out", ".txt");
            Path err = Files.createTempFile("tether-mcp-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(NODE_DIR.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + command + "\nstdout: "
                        + Files.readString(out) + "\nstderr: " + Files.readString(err));
            }
            Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Result node(Duration timeout, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(node());
        command.addAll(List.of(args));
        return run(timeout, env, command);
    }
}
