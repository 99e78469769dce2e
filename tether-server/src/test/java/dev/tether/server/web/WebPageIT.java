package dev.tether.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.cli.ScriptedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web chat page end to end: the real server (scripted provider, SQLite file, API key) on a free port, and
 * {@code src/test/web/e2e.mjs} driving Debian's Chromium through playwright-core against it — key prompt, streamed
 * answer with a tool card, think text, stop (Esc and button), reload with history, rename, new chat, delete.
 * Screenshots land in {@code target/screenshots/}.
 */
class WebPageIT {

    @TempDir
    Path dir;

    private ScriptedServer server;

    @BeforeEach
    void startServer() {
        server = ScriptedServer.start(dir, 40);
    }

    @AfterEach
    void stopServer() {
        server.close();
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
        assertThat(script.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(sessions.statusCode()).isEqualTo(401);
        assertThat(sneaky.statusCode()).isIn(400, 401, 404);
    }

    @Test
    void chatPageWorksInChromium() throws Exception {
        BrowserScript.run("e2e.mjs", server.url(), ScriptedServer.API_KEY);

        assertThat(BrowserScript.SCREENSHOTS.resolve("answer-with-tool-light.png"))
                .isNotEmptyFile();
        assertThat(BrowserScript.SCREENSHOTS.resolve("phone-dark.png")).isNotEmptyFile();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).build();
    }
}
