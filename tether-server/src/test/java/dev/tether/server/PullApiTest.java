package dev.tether.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.pull.FakeHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /models/pull} on a real server against a local fake of the Hugging Face Hub. */
class PullApiTest {

    @TempDir
    Path dir;

    private FakeHub hub;
    private TestServer server;
    private final byte[] model = new byte[700_000];

    @BeforeEach
    void start() throws IOException {
        new Random(7).nextBytes(model);
        hub = new FakeHub().file("acme/Tiny-GGUF", "Tiny-Q4_K_M.gguf", model);
        server = TestServer.start(dir, "scripted", TestServer.SCRIPT, """
                pull: { hub_endpoint: "%s", dist_root: "%s" }
                """.formatted(hub.url(), dir.resolve("dist").toString().replace("\\", "/")));
    }

    @AfterEach
    void stop() {
        server.close();
        hub.close();
    }

    @Test
    void streamsProgressAsNdjsonAndEndsWithDone() throws IOException {
        Http.Response res = server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF:Q4_K_M\"}");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> events = res.body().lines().map(TestJson::parse).toList();
        assertThat(events).extracting(e -> e.get("type").asText()).startsWith("start").endsWith("verify", "done")
                .contains("progress");
        assertThat(events.getFirst().get("data").get("total_bytes").asLong()).isEqualTo(700_000);
        JsonNode done = events.getLast().get("data");
        assertThat(done.get("success").asBoolean()).isTrue();
        assertThat(done.get("model").asText()).isEqualTo("Tiny-Q4_K_M");
        assertThat(done.get("verified").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("dist/Tiny-Q4_K_M.gguf"))).isEqualTo(model);
    }

    @Test
    void aFailureAfterTheStreamStartedIsAnErrorEventThenDone() {
        hub.publishSha("Tiny-Q4_K_M.gguf", "f".repeat(64));

        Http.Response res = server.http.post("/api/v1/models/pull", "{\"model\": \"acme/Tiny-GGUF\"}");

        List<JsonNode> events = res.body().lines().map(TestJson::parse).toList();
        assertThat(events).extracting(e -> e.get("type").asText()).endsWith("error", "done");
        assertThat(events.get(events.size() - 2).get("data").get("code").asText()).isEqualTo("checksum_mismatch");
        assertThat(events.getLast().get("data").get("success").asBoolean()).isFalse();
        assertThat(dir.resolve("dist/Tiny-Q4_K_M.gguf")).doesNotExist();
    }

    @Test
    void badNamesAndUnknownRepositoriesAreJsonErrorsBeforeAnyStream() {
        Http.Response bad = server.http.post("/models/pull", "{\"model\": \"no-slash\"}");
        Http.Response missing = server.http.post("/models/pull", "{\"model\": \"acme/Nope-GGUF\"}");
        Http.Response noField = server.http.post("/models/pull", "{}");
        Http.Response get = server.http.get("/models/pull");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").get("code").asText()).isEqualTo("bad_model");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").get("code").asText()).isEqualTo("repo_not_found");
        assertThat(noField.status()).isEqualTo(400);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
        assertThat(server.http.get("/healthz").status()).isEqualTo(200);
    }
}
