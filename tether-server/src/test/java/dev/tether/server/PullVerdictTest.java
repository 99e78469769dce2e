package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.GgufWriter;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.engine.llamacpp.Tokenizer;
import dev.tether.pull.FakeHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /models/pull/files} says per file whether it runs here, from its header read with a {@code Range}
 * request against a local fake of the hub: a llama model runs on either engine, a qwen3 model needs llama-server,
 * a model listed at 10 TB is too big, and a file that is not GGUF is "unknown" with the reason.
 */
class PullVerdictTest {

    static final String REPO = "acme/Mixed-GGUF";

    @TempDir
    Path dir;

    private FakeHub hub;
    private Engine engine;
    private TetherServer server;

    private void start(String engineArgs) throws IOException {
        start(engineArgs, 60);
    }

    private void start(String engineArgs, int timeoutSec) throws IOException {
        byte[] llama = Files.readAllBytes(TestModels.tiny());
        byte[] qwen3 = Files.readAllBytes(TestModels.generate(
                GgufWriter.Spec.qwen3(
                        GgufWriter.Architecture.QWEN3,
                        "tiny-qwen3",
                        Tokenizer.sentencePiece(512),
                        GgufWriter.CHATML_TEMPLATE),
                "tiny-qwen3.gguf"));
        byte[] noise = new byte[50_000];
        new Random(5).nextBytes(noise);
        hub = new FakeHub()
                .file(REPO, "tiny-llama-Q4_K_M.gguf", llama)
                .file(REPO, "tiny-qwen3-Q4_K_M.gguf", qwen3)
                .file(REPO, "huge-llama-Q8_0.gguf", llama)
                .listSize("huge-llama-Q8_0.gguf", 10_000_000_000_000L)
                .file(REPO, "noise-Q4_0.gguf", noise)
                .file(REPO, "bomb-Q4_0.gguf", stringBomb());
        String root = dir.toAbsolutePath().toString().replace("\\", "/");
        Path config =
                Files.writeString(dir.resolve("tether.yml"), """
                host: 127.0.0.1
                port: 0
                data_dir: "%1$s"
                providers:
                  model: { impl: llamacpp, args: { dist_root: "%1$s/dist", n_ctx: 512, parallel: 1, %3$s } }
                  session_store: { url: "jdbc:sqlite:%1$s/tether.db" }
                pull: { hub_endpoint: "%2$s", timeout_sec: %4$d }
                tools: { enabled: [] }
                """.formatted(root, hub.url(), engineArgs, timeoutSec));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), name -> null), name -> null);
        server = new TetherServer(engine).start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
            engine.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void onTheEmbeddedEngineQwen3NeedsLlamaServer() throws IOException {
        start("engine: embedded");

        JsonNode listing = list();
        Map<String, JsonNode> files = byPath(listing);

        assertThat(listing.get("engine").get("name").asText()).isEqualTo("embedded");
        assertThat(listing.get("engine").get("install_command").asText()).isEqualTo("tether engine install");
        JsonNode llama = files.get("tiny-llama-Q4_K_M.gguf");
        assertThat(llama.get("verdict").asText()).isEqualTo("runs");
        assertThat(llama.get("architecture").asText()).isEqualTo("llama");
        assertThat(llama.get("quantization").asText()).isEqualTo("F32");
        assertThat(llama.get("context_length").asLong()).isEqualTo(4096);
        assertThat(llama.get("parameters").asLong()).isPositive();
        JsonNode qwen3 = files.get("tiny-qwen3-Q4_K_M.gguf");
        assertThat(qwen3.get("verdict").asText()).isEqualTo("needs_engine");
        assertThat(qwen3.get("architecture").asText()).isEqualTo("qwen3");
        assertThat(qwen3.get("verdict_reason").asText()).contains("llama.cpp engine", "tether engine install");
        assertThat(files.get("huge-llama-Q8_0.gguf").get("verdict").asText()).isEqualTo("too_big");
        assertThat(files.get("huge-llama-Q8_0.gguf").get("verdict_reason").asText())
                .contains("too big");
        assertThat(files.get("noise-Q4_0.gguf").get("verdict").asText()).isEqualTo("unknown");
        assertThat(files.get("noise-Q4_0.gguf").get("verdict_reason").asText()).contains("not a GGUF file");
        assertThat(files.get("bomb-Q4_0.gguf").get("verdict").asText()).isEqualTo("unknown");
        assertThat(files.get("bomb-Q4_0.gguf").get("verdict_reason").asText()).contains("header_max_string_bytes");

        // each header came from one bounded range request at the file's start
        assertThat(hub.seen())
                .filteredOn(s -> s.path().startsWith("/" + REPO + "/resolve/main/"))
                .hasSize(5)
                .allSatisfy(s -> assertThat(s.range()).matches("bytes=0-\\d+"));
        // listed again: answered from what was read, no second request
        int before = hub.seen().size();
        assertThat(byPath(list()).get("tiny-qwen3-Q4_K_M.gguf").get("verdict").asText())
                .isEqualTo("needs_engine");
        assertThat(hub.seen().subList(before, hub.seen().size()))
                .noneMatch(s -> s.path().contains("/resolve/main/"));
    }

    @Test
    void aHubThatDripsTheHeaderCannotHoldTheListingPastItsDeadline() throws IOException {
        start("engine: embedded", 1);
        hub.throttle(2_000); // the tiny model's header alone takes seconds at this rate

        Map<String, JsonNode> files = byPath(list());

        assertThat(files.get("tiny-llama-Q4_K_M.gguf").get("verdict").asText()).isEqualTo("unknown");
        assertThat(files.get("tiny-llama-Q4_K_M.gguf").get("verdict_reason").asText())
                .contains("took longer than pull.timeout_sec");
        assertThat(files.get("huge-llama-Q8_0.gguf").get("verdict").asText())
                .as("its size alone says so")
                .isEqualTo("too_big");
    }

    @Test
    void onLlamaServerQwen3Runs() throws IOException {
        String binary = System.getenv("TETHER_LLAMA_SERVER");
        assumeTrue(
                binary != null && Files.isExecutable(Path.of(binary)),
                "needs TETHER_LLAMA_SERVER=$(scripts/llama-server.sh | tail -1)");
        start("engine: llama-server, llama_server: \"" + binary.replace("\\", "/") + "\"");

        Map<String, JsonNode> files = byPath(list());

        assertThat(files.get("tiny-qwen3-Q4_K_M.gguf").get("verdict").asText()).isEqualTo("runs");
        assertThat(files.get("tiny-qwen3-Q4_K_M.gguf").get("verdict_reason").asText())
                .contains("llama-server");
        assertThat(files.get("tiny-llama-Q4_K_M.gguf").get("verdict").asText()).isEqualTo("runs");
        assertThat(files.get("huge-llama-Q8_0.gguf").get("verdict").asText()).isEqualTo("too_big");
    }

    /** A GGUF header whose first value claims to be a string of 64 MiB. */
    private static byte[] stringBomb() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes())
                .putInt(3)
                .putLong(0)
                .putLong(1)
                .putLong(4)
                .put("bomb".getBytes())
                .putInt(8)
                .putLong(64L << 20);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private JsonNode list() {
        Http.Response res = new Http("http://127.0.0.1:" + server.port()).get("/models/pull/files?repo=" + REPO);
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.json();
    }

    private static Map<String, JsonNode> byPath(JsonNode listing) {
        Map<String, JsonNode> files = new HashMap<>();
        listing.get("files").forEach(f -> files.put(f.get("path").asText(), f));
        return files;
    }
}
