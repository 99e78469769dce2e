package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelInfo;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The llama-server child's life: load, unload, crash and restart, no orphans; and how the engine is chosen. */
class LlamaServerLifecycleTest {

    private static final String MODEL = "qwen3";

    @TempDir
    Path dist;

    private Config args(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                "dist_root",
                dist.toString(),
                "parallel",
                "1",
                "n_ctx",
                "512",
                "threads",
                "1",
                "log_dir",
                dist.resolve("logs").toString(),
                "data_dir",
                dist.resolve("data").toString()));
        values.putAll(extra);
        return Config.just(ConfigSources.create(values));
    }

    private Config onLlamaServer() throws Exception {
        Files.copy(TestModels.qwen3(), dist.resolve(MODEL + ".gguf"));
        return args(Map.of(
                "engine", "llama-server", "llama_server", LlamaCppBuild.server().toString()));
    }

    private static GenerationResult generate(LlamaCppProvider provider, String model, int tokens) {
        return provider.generate(
                new GenerationRequest(
                        model,
                        List.of(Message.user("hello")),
                        List.of(),
                        new ChatOptions(tokens, null, null, 1L, List.of(), null, null),
                        new Cancellation(),
                        null),
                e -> {});
    }

    private static void assertGone(long pid) {
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("llama-server " + pid + " is still running", e);
            }
        });
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .as("process " + pid)
                .isNotEqualTo(java.util.Optional.of(true));
    }

    /** The state moves {@link LlamaServerModel} logs, as {@code from -> to}, while it is attached. */
    private static final class Moves extends java.util.logging.Handler implements AutoCloseable {
        private final java.util.logging.Logger logger =
                java.util.logging.Logger.getLogger(LlamaServerModel.class.getName());
        private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        Moves() {
            logger.addHandler(this);
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            java.util.regex.Matcher move =
                    java.util.regex.Pattern.compile(": (\\w+ -> \\w+) \\(").matcher(record.getMessage());
            if (move.find()) {
                seen.add(move.group(1));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    private static String state(LlamaCppProvider provider, String model) {
        return (String) provider.model(model).orElseThrow().details().get("state");
    }

    @Test
    void loadsOnFirstUseShowsTheEngineAndUnloadEndsTheChild() throws Exception {
        try (LlamaCppProvider provider = new LlamaCppProvider(onLlamaServer());
                Moves moves = new Moves()) {
            ModelInfo before = provider.model(MODEL).orElseThrow();
            assertThat(before.loaded()).isFalse();
            assertThat(before.details()).containsEntry("state", "absent");
            assertThat(before.details())
                    .containsEntry("engine", "llama-server")
                    .containsEntry("architecture", "qwen3")
                    .containsKeys("llama_server_version", "devices");
            assertThat((String) before.details().get("llama_server_version")).contains("commit");

            assertThat(generate(provider, MODEL, 3).usage().completionTokens()).isEqualTo(3);
            long pid = provider.workerPid(MODEL).orElseThrow();
            assertThat(provider.model(MODEL).orElseThrow().loaded()).isTrue();
            assertThat(state(provider, MODEL)).isEqualTo("ready");
            assertThat(Files.readString(dist.resolve("logs/llama-server-qwen3.gguf.log")))
                    .contains("qwen3");
            assertThat(ProcessHandle.of(pid)
                            .flatMap(p -> p.info().arguments())
                            .map(List::of)
                            .orElseThrow())
                    .as("llama-server binds a port the kernel picks, not one Tether probed and let go")
                    .containsSequence("--port", "0");

            assertThat(provider.unload(MODEL)).isTrue();
            assertGone(pid);
            assertThat(provider.model(MODEL).orElseThrow().loaded()).isFalse();
            assertThat(state(provider, MODEL)).isEqualTo("absent");
            assertThat(moves.seen)
                    .containsExactly(
                            "absent -> starting", "starting -> ready", "ready -> stopping", "stopping -> absent");
        }
    }

    @Test
    void aChildKilledMidStreamIsEngineCrashedAndTheNextRequestRestartsIt() throws Exception {
        try (LlamaCppProvider provider = new LlamaCppProvider(onLlamaServer());
                Moves moves = new Moves()) {
            generate(provider, MODEL, 2);
            long first = provider.workerPid(MODEL).orElseThrow();

            assertThatThrownBy(() -> provider.generate(
                            new GenerationRequest(
                                    MODEL,
                                    List.of(Message.user("go")),
                                    List.of(),
                                    new ChatOptions(400, null, null, 1L, List.of(), null, null),
                                    new Cancellation(),
                                    null),
                            e -> ProcessHandle.of(first).ifPresent(ProcessHandle::destroyForcibly)))
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.code()).isEqualTo("engine_crashed"));
            assertThat(state(provider, MODEL)).isEqualTo("failed");
            assertThat(provider.model(MODEL)
                            .orElseThrow()
                            .details()
                            .get("error")
                            .toString())
                    .contains("exited unexpectedly");

            assertThat(generate(provider, MODEL, 2).usage().completionTokens()).isEqualTo(2);
            assertThat(provider.workerPid(MODEL).orElseThrow()).isNotEqualTo(first);
            assertThat(state(provider, MODEL)).isEqualTo("ready");
            assertThat(moves.seen)
                    .containsExactly(
                            "absent -> starting",
                            "starting -> ready",
                            "ready -> failed",
                            "failed -> starting",
                            "starting -> ready");
        }
    }

    @Test
    void keepAliveExpiryEndsTheChild() throws Exception {
        onLlamaServer();
        try (LlamaCppProvider provider = new LlamaCppProvider(Config.just(ConfigSources.create(Map.of(
                "dist_root",
                dist.toString(),
                "engine",
                "llama-server",
                "llama_server",
                LlamaCppBuild.server().toString(),
                "n_ctx",
                "512",
                "parallel",
                "1",
                "threads",
                "1",
                "keep_alive",
                "1s",
                "log_dir",
                dist.resolve("logs").toString(),
                "data_dir",
                dist.resolve("data").toString()))))) {
            generate(provider, MODEL, 2);
            assertGone(provider.workerPid(MODEL).orElseThrow());
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!state(provider, MODEL).equals("absent") && System.nanoTime() < deadline) {
                Thread.sleep(20); // the expiry check runs once a second; the state is polled until then
            }
            assertThat(state(provider, MODEL)).isEqualTo("absent");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "sh"})
    void noChildOutlivesTheServerKilledWithSigkillOrExitingNormally(String watchdog) throws Exception {
        Assumptions.assumeTrue(watchdog.equals("java") || Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh");
        onLlamaServer();
        for (String mode : List.of("wait", "exit")) {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            OrphanProbe.class.getName(),
                            dist.toString(),
                            MODEL,
                            LlamaCppBuild.server().toString(),
                            mode)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("TETHER_CHILD_WATCHDOG", watchdog);
            builder.environment().put("HF_TOKEN", "hf_not_for_the_child");
            Process server = builder.start();
            long pid;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                while (line != null && !line.startsWith("pid ")) {
                    line = out.readLine();
                }
                assertThat(line).as("the probe loaded the model (" + mode + ")").isNotNull();
                pid = Long.parseLong(line.substring(4).strip());
                assertThat(ProcessHandle.of(pid)).isPresent();
                assertThat(ProcessHandle.of(pid).flatMap(p -> p.parent()).map(ProcessHandle::pid))
                        .as("llama-server runs under a watchdog, not the server itself")
                        .isNotEqualTo(Optional.of(server.pid()));
                Path environ = Path.of("/proc", Long.toString(pid), "environ");
                if (Files.isReadable(environ)) {
                    assertThat(Files.readString(environ, StandardCharsets.ISO_8859_1)
                                    .split("\0"))
                            .as("llama-server's environment")
                            .noneMatch(v -> v.startsWith("HF_TOKEN="))
                            .anyMatch(v -> v.startsWith("LLAMA_API_KEY="));
                }
                if (mode.equals("wait")) {
                    server.destroyForcibly(); // SIGKILL: no shutdown hook runs
                }
                server.waitFor();
            }
            assertGone(pid);
        }
    }

    @Test
    void anArchitectureLlamaServerDoesNotKnowIsNamedWithWhatToInstall() throws Exception {
        byte[] bytes = Files.readAllBytes(TestModels.tiny());
        Files.write(dist.resolve("odd.gguf"), GgufPatch.renameArchitecture(bytes, "llama", "zzzzz"));
        try (LlamaCppProvider provider = new LlamaCppProvider(args(Map.of(
                "engine", "llama-server", "llama_server", LlamaCppBuild.server().toString())))) {
            assertThatThrownBy(() -> generate(provider, "odd", 2)).isInstanceOfSatisfying(EngineException.class, e -> {
                assertThat(e.code()).isEqualTo("model_unsupported");
                assertThat(e.getMessage()).contains("'zzzzz'").contains("newer llama.cpp");
            });
            assertThat(provider.model("odd")
                            .orElseThrow()
                            .details()
                            .get("error")
                            .toString())
                    .contains("zzzzz");
            assertThat(state(provider, "odd")).isEqualTo("failed");
        }
    }

    @Test
    void autoTakesLlamaServerWhenFoundAndTheEmbeddedEngineOtherwise() throws Exception {
        Files.copy(TestModels.tiny(), dist.resolve("tiny.gguf"));
        String server = LlamaCppBuild.server().toString();
        Function<String, String> withVariable = k -> k.equals("TETHER_LLAMA_SERVER") ? server : null;
        Function<String, String> nothing = k -> k.equals("PATH") ? dist.toString() : null;
        try (LlamaCppProvider found = new LlamaCppProvider(args(Map.of()), withVariable);
                LlamaCppProvider none = new LlamaCppProvider(args(Map.of()), nothing);
                LlamaCppProvider embedded = new LlamaCppProvider(args(Map.of("engine", "embedded")), withVariable)) {
            assertThat(found.engine()).isEqualTo("llama-server");
            assertThat(found.model("tiny").orElseThrow().details()).containsEntry("engine", "llama-server");
            assertThat(none.engine()).isEqualTo("embedded");
            assertThat(none.model("tiny").orElseThrow().details()).containsEntry("engine", "embedded");
            assertThat(embedded.engine()).isEqualTo("embedded");
        }
        Path bin = Files.createDirectories(dist.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("llama-server"), LlamaCppBuild.server());
        try (LlamaCppProvider fromDist = new LlamaCppProvider(args(Map.of()), nothing)) {
            assertThat(fromDist.engine()).isEqualTo("llama-server");
        }
    }

    @Test
    void llamaServerChosenButMissingIsAConfigErrorSayingWhatToInstall() {
        assertThatThrownBy(() -> new LlamaCppProvider(args(Map.of("engine", "llama-server")), k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("engine")
                .hasMessageContaining("llama-server")
                .hasMessageContaining("brew install llama.cpp");
        assertThatThrownBy(() -> new LlamaCppProvider(args(Map.of("llama_server", "/nowhere/llama-server")), k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("llama_server")
                .hasMessageContaining("/nowhere/llama-server");
        assertThatThrownBy(() -> new LlamaCppProvider(args(Map.of("engine", "gpu")), k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto, llama-server or embedded");
    }
}
