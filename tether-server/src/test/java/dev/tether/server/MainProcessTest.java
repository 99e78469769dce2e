package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM: CLI, port 0 announced on stdout, clean exit on SIGTERM. */
class MainProcessTest {

    @TempDir
    Path dir;

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "SIGTERM and shutdown hooks are POSIX behaviour")
    void startsOnAFreePortAndStopsCleanlyOnSigterm() throws Exception {
        Path config = dir.resolve("tether.yml");
        String db = dir.resolve("tether.db").toAbsolutePath().toString().replace("\\", "/");
        Files.writeString(
                config, """
                providers:
                  model: { impl: llamacpp, args: { engine: embedded, dist_root: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                """.formatted(dir.resolve("no-models").toString().replace("\\", "/"), db));
        Process process = tether("--config", config.toString(), "--port", "0")
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as(stderr()).matches("Tether listening on http://127\\.0\\.0\\.1:[1-9][0-9]*");
            Http http = new Http(line.substring("Tether listening on ".length()));
            assertThat(http.get("/healthz").status()).isEqualTo(200);
            // with no model in dist/, the scripted demo model answers
            assertThat(http.get("/models").json().get(0).asText()).isEqualTo("demo");

            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS))
                    .as("the JVM exits after SIGTERM")
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(stderr()).contains("Tether stopped").doesNotContain("Exception");
    }

    @Test
    void refusesABadCommandLineWithOneClearLine() throws Exception {
        Process process = tether("--port", "x").redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output.getFirst()).isEqualTo("tether: --port must be a number from 0 to 65535, was x");
    }

    @Test
    void aBusyPortIsOneClearLineAndAFailedExit() throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path config = dir.resolve("tether.yml");
            Files.writeString(config, """
                    providers:
                      model: { impl: llamacpp, args: { engine: embedded, dist_root: "%s" } }
                      session_store: { url: "jdbc:sqlite:%s" }
                    """.formatted(
                            dir.resolve("no-models").toString().replace("\\", "/"),
                            dir.resolve("t.db").toAbsolutePath().toString().replace("\\", "/")));
            Process process = tether("--config", config.toString(), "--port", String.valueOf(taken.getLocalPort()))
                    .redirectErrorStream(true)
                    .start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isEqualTo(1);
            assertThat(output)
                    .contains("tether: port " + taken.getLocalPort() + " is in use — is Tether already running?")
                    .doesNotContain("listening on")
                    .doesNotContain("SEVERE")
                    .doesNotContain("Exception");
        }
    }

    /** Without a locale Java would print every non-ASCII character as '?': Tether writes UTF-8 there. */
    @Test
    void withoutALocaleTheMessagesAreUtf8NotQuestionMarks() throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ProcessBuilder builder = tether("--port", String.valueOf(taken.getLocalPort()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.equals("LANG") || name.startsWith("LC_"));
            builder.environment().put("LC_ALL", "C");
            Process process = builder.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output)
                    .contains("is in use — is Tether already running?")
                    .doesNotContain("in use ?");
        }
    }

    @Test
    void aFileWithOnlyOneProviderArgumentIsMergedWithTheDefaults() throws Exception {
        Path config =
                Files.writeString(dir.resolve("tether.yml"), "providers:\n  model:\n    args:\n      n_ctx: 2048\n");
        Process process = tether("--config", config.toString(), "--port", "0")
                .directory(dir.toFile()) // data/ and dist/ of the defaults land in the temp folder
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as(stderr()).startsWith("Tether listening on http://127.0.0.1:");
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(stderr()).doesNotContain("missing").doesNotContain("configuration error");
    }

    @Test
    void aWordForANumberIsToldInPlainWords() throws Exception {
        assertThat(failedStart("limits:\n  max_tool_loops: lots\n"))
                .isEqualTo("tether: configuration error: limits.max_tool_loops: must be a whole number, such as 10,"
                        + " was 'lots'");
    }

    @Test
    void aMisspeltToolNameGetsADidYouMean() throws Exception {
        assertThat(failedStart("tools:\n  enabled: [wether]\n"))
                .isEqualTo("tether: configuration error: tools.enabled: tool 'wether' is not in tools.registry"
                        + " (did you mean 'weather'?)");
    }

    /** Starts Main with {@code yaml} as its file; it must exit 1; returns its last line of output. */
    private String failedStart(String yaml) throws Exception {
        Path config = Files.writeString(dir.resolve("tether.yml"), yaml);
        Process process = tether("--config", config.toString(), "--port", "0")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).doesNotContain("Exception").doesNotContain("For input string");
        return output.strip().lines().reduce((a, b) -> b).orElse("");
    }

    private String stderr() throws IOException {
        Path file = dir.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** The real entry point in its own JVM, with {@code args} on its command line. */
    private static ProcessBuilder tether(String... args) {
        List<String> command = new java.util.ArrayList<>(
                List.of(javaBin(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
