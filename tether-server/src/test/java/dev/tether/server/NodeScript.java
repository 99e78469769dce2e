package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one script of src/test/openai-node (the official npm clients) with node and returns what it printed. */
public final class NodeScript {

    public static final Path CLIENTS = Path.of("src/test/openai-node");

    private NodeScript() {}

    /** Runs {@code script} with {@code env}; asserts it finished within 90 s with exit code 0. */
    public static String run(String script, Map<String, String> env, Path log)
            throws IOException, InterruptedException {
        assertThat(CLIENTS.resolve("node_modules/@anthropic-ai/sdk"))
                .as("npm packages are installed (./run-tests runs npm ci in " + CLIENTS + ")")
                .isDirectory();
        ProcessBuilder node = new ProcessBuilder("node", script)
                .directory(CLIENTS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().putAll(env);
        Process process = node.start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        assertThat(finished).as("node finished; output:\n" + output).isTrue();
        assertThat(process.exitValue()).as("node exit code; output:\n" + output).isZero();
        return output;
    }
}
