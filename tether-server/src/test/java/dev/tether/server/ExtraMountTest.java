package dev.tether.server;

import static dev.tether.server.ChatStreamTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.server.http.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service mounted beside the core API (as the OpenAI and MCP ones are) sits behind the same key and CORS. */
class ExtraMountTest {

    @TempDir
    static Path dir;

    static TestServer tether;

    @BeforeAll
    static void start() {
        TetherServer.Mount extra = new TetherServer.Mount(
                "/v1",
                rules -> rules.get(
                        "/ping", (req, res) -> Json.ok(res, Json.object().put("pong", true))));
        tether = TestServer.start(
                dir, "scripted", TestServer.SCRIPT, "server: { api_key: k }", Optional.of(List.of(extra)));
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void servesTheExtraServiceBehindTheSameFilters() {
        assertThat(tether.http
                        .get("/v1/ping", "Authorization", "Bearer k")
                        .json()
                        .get("pong")
                        .asBoolean())
                .isTrue();
        assertError(tether.http.get("/v1/ping"), 401, "unauthorized");
        assertError(
                tether.http.get("/v1/ping", "Authorization", "Bearer k", "Origin", "https://evil.example"),
                403,
                "origin_not_allowed");
        assertError(tether.http.get("/v1/nothing", "Authorization", "Bearer k"), 404, "not_found");
    }
}
