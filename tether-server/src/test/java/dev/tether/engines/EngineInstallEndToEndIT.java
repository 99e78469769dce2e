package dev.tether.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.llamacpp.LlamaCppBuild;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.server.Http;
import dev.tether.server.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh data folder, {@code tether engine install} against a fake GitHub serving an archive of the real
 * llama-server that {@code scripts/llama-server.sh} builds (its {@code build/bin/} files with the shared libraries),
 * then the server in its own JVM, with no other llama-server in reach (no TETHER_LLAMA_SERVER, nothing on PATH,
 * no script cache), chats with the qwen3 test model on the installed engine. A second install while the model
 * runs does not disturb it; the model's next load uses the newer engine.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "archives llama-server's Linux build folder")
class EngineInstallEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "installed-qwen3";

    @TempDir
    Path dir;

    @Test
    void installsThenChatsOnTheInstalledEngineAndTheNextLoadTakesANewerOne() throws Exception {
        byte[] archive =
                TestArchives.tarGz(TestArchives.folder(LlamaCppBuild.server().getParent(), "build/bin/"));
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Files.copy(TestModels.qwen3(), dist.resolve(MODEL + ".gguf"));
        try (FakeGitHub github = new FakeGitHub()) {
            for (String tag : List.of("b9001", "b9002")) {
                for (String platform : List.of("ubuntu-x64", "ubuntu-vulkan-x64")) {
                    github.asset(tag, "llama-" + tag + "-bin-" + platform + ".tar.gz", archive);
                }
            }
            Path config = config(github.url());

            Path installed = Path.of(install(config, "--version", "b9001"));
            assertThat(installed.toString()).matches(".*/engines/b9001-(cpu|vulkan)/build/bin/llama-server");
            assertThat(Files.isExecutable(installed)).isTrue();

            Process server = startServer(config);
            try {
                Http http = new Http(url(server));
                JsonNode engines = http.get("/engines").json();
                assertThat(engines.at("/active/source").asText())
                        .as(engines.toString())
                        .isEqualTo("installed");
                assertThat(engines.at("/active/path").asText()).isEqualTo(installed.toString());
                assertThat(engines.at("/engines/0/active").asBoolean()).isTrue();

                List<JsonNode> first = chat(http);
                assertThat(types(first))
                        .as(first.toString())
                        .doesNotContain("error")
                        .endsWith("done");
                assertThat(first.getLast().at("/data/usage/completion_tokens").asInt())
                        .isPositive();
                JsonNode model = http.get("/models/" + MODEL).json();
                assertThat(model.get("engine").asText()).isEqualTo("llama-server");
                assertThat(model.get("llama_server").asText()).isEqualTo(installed.toString());
                assertThat(model.get("llama_server_version").asText()).startsWith("0.5.0");
                assertThat(model.get("loaded").asBoolean()).isTrue();

                // a newer engine arrives while the model runs: the running child is left alone
                Path newer = Path.of(install(config, "--version", "b9002"));
                assertThat(types(chat(http))).doesNotContain("error");
                assertThat(http.get("/models/" + MODEL)
                                .json()
                                .get("llama_server")
                                .asText())
                        .isEqualTo(installed.toString());

                http.post("/models/unload", "{\"model_name\":\"" + MODEL + "\"}");
                assertThat(types(chat(http))).doesNotContain("error");
                assertThat(http.get("/models/" + MODEL)
                                .json()
                                .get("llama_server")
                                .asText())
                        .isEqualTo(newer.toString());
            } finally {
                server.destroy();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        }
    }

    private Path config(String endpoint) throws IOException {
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                host: 127.0.0.1
                port: 0
                data_dir: "%s"
                providers:
                  model:
                    impl: llamacpp
                    args: { dist_root: "%s", n_ctx: 2048, parallel: 1, threads: 2 }
                  session_store: { url: "jdbc:sqlite:%s" }
                engines: { endpoint: "%s" }
                tools: { enabled: [] }
                """.formatted(
                yaml(dir.resolve("data")), yaml(dir.resolve("dist")), yaml(dir.resolve("tether.db")), endpoint));
        return config;
    }

    /** {@code tether engine install} in-process; returns the one line it prints on stdout. */
    private String install(Path config, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("install", "--backend", "cpu", "--config", config.toString()));
        all.addAll(List.of(args));
        int code = EngineCli.run(
                all.toArray(String[]::new),
                Map.<String, String>of()::get,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /** The real entry point in its own JVM, with no llama-server reachable but the installed one. */
    private Process startServer(Path config) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                        Main.class.getName(),
                        "--config",
                        config.toString())
                .redirectError(dir.resolve("server-stderr.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("TETHER_") || k.equals("XDG_CACHE_HOME"));
        env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        env.put("PATH", "/usr/bin:/bin");
        return builder.start();
    }

    private String url(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as(stderr()).startsWith("Tether listening on ");
        return line.substring("Tether listening on ".length());
    }

    private List<JsonNode> chat(Http http) throws IOException {
        String session = http.post("/sessions", "{}").json().get("session_id").asText();
        String body = JSON.createObjectNode()
                .put("session_id", session)
                .put("prompt", "Say hello.")
                .put("model_name", MODEL)
                .set("options", JSON.createObjectNode().put("max_tokens", 16))
                .toString();
        return http.chat(body);
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asText()).toList();
    }

    private String stderr() throws IOException {
        Path file = dir.resolve("server-stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static String yaml(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "/");
    }
}
