package dev.tether.server.web;

import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.server.TetherServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web chat page end to end: the real server (scripted provider, SQLite file, API key) on a free port, and
 * {@code src/test/web/e2e.mjs} driving Debian's Chromium through playwright-core against it — key prompt, streamed
 * answer with a tool card, think text, stop (Esc and button), reload with history, rename, new chat, delete.
 * Screenshots land in {@code target/screenshots/}.
 */
class WebPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path E2E_DIR = Path.of("src/test/web");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final String API_KEY = "web-test-key";

    /** "time" → a tool call, "long" → a long slow answer (stopped by the test), else think text and a greeting. */
    private static final String SCRIPT = """
            models: [scripted, other]
            chunk_delay_ms: 40
            rules:
              - on: user
                match: "(?i)time"
                chunks: ["Let me check. ", "<<function_call>> {\\"name\\": \\"get_current_time\\",", " \\"arguments\\": {\\"timezone\\": \\"UTC\\"}}"]
              - on: tool
                match: ".*"
                chunks: ["It is **now**. Here is code:\\n\\n```java\\n", "class A { String s = \\"<b>x</b>\\"; }\\n```\\n\\n- one\\n- two `x`\\n\\n<img src=x onerror=alert(1)>"]
              - on: user
                match: "(?i)long"
                chunks: [%s"the end."]
              - on: user
                match: ".*"
                chunks: ["<think>pondering deeply</think>", "Hello ", "there", "!"]
            """.formatted("\"This \", \"is \", \"a \", \"long \", \"answer \", \"that \", \"goes \", "
            + "\"on \", \"and \", ".repeat(100));

    @TempDir
    Path dir;
    private Engine engine;
    private TetherServer server;

    @BeforeEach
    void startServer() throws IOException {
        Path script = Files.writeString(dir.resolve("script.yml"), SCRIPT);
        Path config = Files.writeString(dir.resolve("tether.yml"), """
                host: 127.0.0.1
                port: 0
                data_dir: "%1$s"
                server: { api_key: "%2$s" }
                providers:
                  model:
                    impl: scripted
                    args: { script: "%3$s" }
                  session_store: { url: "jdbc:sqlite:%1$s/tether.db" }
                """.formatted(yaml(dir), API_KEY, yaml(script)));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), name -> null), name -> null);
        server = new TetherServer(engine).start();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void pageServesWithoutTheKeyButTheApiStillNeedsIt() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(get("/"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> script = client.send(get("/assets/app.js"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> sessions = client.send(get("/sessions"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> sneaky = client.send(get("/assets/../sessions"), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"assets/app.js\">");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).contains("javascript"));
        assertThat(sessions.statusCode()).isEqualTo(401);
        assertThat(sneaky.statusCode()).isIn(400, 401, 404);
    }

    @Test
    void chatPageWorksInChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian's chromium (apt-get install -y chromium)");
        assumeTrue(Files.isDirectory(E2E_DIR.resolve("node_modules/playwright-core")),
                "needs the npm packages: ./run-tests installs them (npm ci in src/test/web)");
        Files.createDirectories(SCREENSHOTS);
        Path log = Path.of("target/web-e2e.log");
        Process node = new ProcessBuilder("node", "e2e.mjs", "http://127.0.0.1:" + server.port(), API_KEY,
                SCREENSHOTS.toAbsolutePath().toString())
                .directory(E2E_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = node.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly();
        }

        String output = Files.readString(log);
        assertThat(finished).as("the e2e script finished in time; its output:%n%s", output).isTrue();
        assertThat(node.exitValue()).as("e2e.mjs exit code; its output:%n%s", output).isZero();
        assertThat(output).contains("all checks passed");
        assertThat(SCREENSHOTS.resolve("answer-with-tool-light.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("phone-dark.png")).isNotEmptyFile();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
    }

    private static String yaml(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "/");
    }
}
