package dev.tether.server;

import static dev.tether.server.ChatStreamTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.config.TetherConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security: the bearer API key, CORS, and no open port off loopback without a key. */
class SecurityTest {

    private static final String KEY = "s3cret-key";
    private static final String AUTH = "Bearer " + KEY;
    private static final String ALLOWED = "https://app.example";

    @TempDir
    static Path dir;

    static TestServer tether;
    static Http http;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir, "scripted", TestServer.SCRIPT, """
                server:
                  api_key: "%s"
                  cors: { allowed_origins: ["%s"] }
                """.formatted(KEY, ALLOWED));
        http = tether.http;
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void needsTheKeyOnEveryRouteButHealthz() {
        for (String path : List.of(
                "/sessions",
                "/models",
                "/tools",
                "/readyz",
                "/metrics",
                "/openapi",
                "/docs",
                "/api/v1/sessions",
                "/unknown",
                "/assets/../sessions")) {
            Http.Response response = http.get(path);
            assertError(response, 401, "unauthorized");
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
        assertError(http.get("/sessions", "Authorization", "Bearer wrong"), 401, "unauthorized");
        assertError(http.post("/chat/stream", "{}"), 401, "unauthorized");
        assertThat(http.get("/sessions", "Authorization", AUTH).status()).isEqualTo(200);
        assertThat(http.get("/healthz").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/healthz").status()).isEqualTo(200);
        // the web page's own files load without the key, so that the page can ask for it
        assertThat(http.get("/").status()).isEqualTo(200);
        assertThat(http.get("/assets/app.js").status()).isEqualTo(200);
    }

    @Test
    void streamsWithTheKey() {
        String session = http.post("/sessions", "{}", "Authorization", AUTH)
                .json()
                .get("session_id")
                .asText();
        Http.Response stream = http.post("/chat/stream", Http.chatBody(session, "hi"), "Authorization", AUTH);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.body()).contains("\"done\"");
    }

    @Test
    void answersPreflightsFromAllowedOrigins() {
        Http.Response preflight = http.method(
                "OPTIONS",
                "/sessions",
                null,
                "Origin",
                ALLOWED,
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "authorization");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Authorization");

        Http.Response get = http.get("/sessions", "Origin", ALLOWED, "Authorization", AUTH);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    }

    @Test
    void refusesForeignOrigins() {
        assertError(
                http.get("/sessions", "Origin", "https://evil.example", "Authorization", AUTH),
                403,
                "origin_not_allowed");
        assertError(
                http.method(
                        "OPTIONS",
                        "/sessions",
                        null,
                        "Origin",
                        "https://evil.example",
                        "Access-Control-Request-Method",
                        "POST"),
                403,
                "origin_not_allowed");
        assertError(http.get("/sessions", "Origin", "null", "Authorization", AUTH), 403, "origin_not_allowed");
    }

    @Test
    void acceptsItsOwnOrigin() {
        String own = "http://127.0.0.1:" + tether.server.port();
        assertThat(http.get("/sessions", "Origin", own, "Authorization", AUTH).status())
                .isEqualTo(200);
    }

    @Test
    void refusesToServeOtherMachinesWithoutAKey() {
        TetherConfig.ServerSettings open = new TetherConfig.ServerSettings("0.0.0.0", 0, "", List.of(), 1024);
        assertThatThrownBy(() -> TetherServer.requireKeyOffLoopback(open))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("host")
                .hasMessageContaining("server.api_key");
        TetherConfig.ServerSettings keyed = new TetherConfig.ServerSettings("0.0.0.0", 0, KEY, List.of(), 1024);
        assertThatCode(() -> TetherServer.requireKeyOffLoopback(keyed)).doesNotThrowAnyException();
        TetherConfig.ServerSettings local = new TetherConfig.ServerSettings("localhost", 0, "", List.of(), 1024);
        assertThatCode(() -> TetherServer.requireKeyOffLoopback(local)).doesNotThrowAnyException();
    }
}
