package dev.tether.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.GgufWriter;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.engine.llamacpp.Tokenizer;
import dev.tether.pull.FakeHub;
import dev.tether.server.TetherServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page's "Get a model" panel in Chromium ({@code src/test/web/pull-e2e.mjs}): a server in demo mode (no
 * model in dist_root) pulls a real tiny GGUF from a local fake of the Hugging Face Hub, sends it slowly enough to
 * watch the progress and cancel, resumes it, lists it in the model picker and chats with it — and shows the
 * errors: unknown repository, no GGUF, refused connection, checksum mismatch. Each file of a repository says
 * whether it runs on the engine here (a qwen3 model needs llama-server; one listed at 10 TB is too big).
 */
class PullPanelIT {

    static final String MODEL = "tether-tiny-Q4_K_M";

    @TempDir
    Path dir;

    private FakeHub hub;
    private Engine engine;
    private TetherServer server;

    @BeforeEach
    void start() throws IOException {
        byte[] tiny = Files.readAllBytes(TestModels.tiny());
        byte[] other = new byte[40_000];
        new Random(3).nextBytes(other);
        hub = new FakeHub()
                .file("acme/Tiny-GGUF", MODEL + ".gguf", tiny)
                .file("acme/Tiny-GGUF", "tether-tiny-Q8_0.gguf", tiny)
                .file("acme/Tiny-GGUF", "README.md", "# Tiny".getBytes())
                .file("acme/Docs", "README.md", "# Docs".getBytes())
                .file("acme/Broken-GGUF", "broken-Q4_K_M.gguf", other)
                .publishSha("broken-Q4_K_M.gguf", "0".repeat(64))
                .file("acme/Offline-GGUF", "offline-Q4_K_M.gguf", other)
                .cdn("acme/Offline-GGUF", closedPort())
                .file("acme/Mixed-GGUF", "mixed-llama-Q4_K_M.gguf", tiny)
                .file("acme/Mixed-GGUF", "mixed-qwen3-Q8_0.gguf", qwen3())
                .file("acme/Mixed-GGUF", "mixed-huge-Q6_K.gguf", tiny)
                .listSize("mixed-huge-Q6_K.gguf", 10_000_000_000_000L)
                // about eight seconds for the tiny model: long enough to see the bar move and to cancel it
                .throttle(tiny.length / 8);
        String root = dir.toAbsolutePath().toString().replace("\\", "/");
        Path config = Files.writeString(dir.resolve("tether.yml"), """
                host: 127.0.0.1
                port: 0
                data_dir: "%1$s"
                providers:
                  model: { impl: llamacpp, args: { dist_root: "%1$s/dist", engine: embedded, n_ctx: 512,
                           parallel: 1, threads: 1 } }
                  session_store: { url: "jdbc:sqlite:%1$s/tether.db" }
                pull: { hub_endpoint: "%2$s" }
                tools: { enabled: [] }
                """.formatted(root, hub.url()));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), name -> null), name -> null);
        server = new TetherServer(engine).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        engine.close();
        hub.close();
    }

    @Test
    void getsAModelFromTheHubInChromium() throws Exception {
        BrowserScript.run("pull-e2e.mjs", "http://127.0.0.1:" + server.port());

        Path pulled = dir.resolve("dist/" + MODEL + ".gguf");
        assertThat(Files.readAllBytes(pulled)).isEqualTo(Files.readAllBytes(TestModels.tiny()));
        try (var files = Files.list(dir.resolve("dist"))) {
            // neither the refused download nor the one that failed its checksum left anything behind
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(MODEL + ".gguf");
        }
        String cdnPath = "/cdn/acme/Tiny-GGUF/" + MODEL + ".gguf";
        // listing it read its header once, with a bounded range request from its start
        assertThat(hub.seen())
                .filteredOn(s -> s.path().equals(cdnPath) && isHeaderRead(s))
                .hasSize(1);
        // the cancelled download was resumed with a range request, not started over
        assertThat(hub.seen())
                .filteredOn(s -> s.path().equals(cdnPath) && !isHeaderRead(s))
                .extracting(FakeHub.Seen::range)
                .hasSize(2)
                .first()
                .isNull();
        assertThat(hub.seen())
                .filteredOn(s -> s.path().equals(cdnPath) && !isHeaderRead(s))
                .last()
                .extracting(FakeHub.Seen::range)
                .asString()
                .matches("bytes=[1-9]\\d*-");
        assertThat(BrowserScript.SCREENSHOTS.resolve("pull-progress.png")).isNotEmptyFile();
        assertThat(BrowserScript.SCREENSHOTS.resolve("pull-done.png")).isNotEmptyFile();
    }

    private static boolean isHeaderRead(FakeHub.Seen seen) {
        return seen.range() != null && seen.range().matches("bytes=0-\\d+");
    }

    /** A random-weight qwen3 model with a small vocabulary (its header is what matters here). */
    private static byte[] qwen3() throws IOException {
        return Files.readAllBytes(TestModels.generate(
                GgufWriter.Spec.qwen3(
                        GgufWriter.Architecture.QWEN3,
                        "mixed-qwen3",
                        Tokenizer.sentencePiece(256),
                        GgufWriter.CHATML_TEMPLATE),
                "mixed-qwen3.gguf"));
    }

    private static String closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
