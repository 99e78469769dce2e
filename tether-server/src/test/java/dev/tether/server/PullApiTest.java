package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.pull.FakeHub;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                """.formatted(
                        hub.url(), dir.resolve("dist").toString().replace("\\", "/")));
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
        assertThat(events)
                .extracting(e -> e.get("type").asText())
                .startsWith("start")
                .endsWith("verify", "done")
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
        assertThat(events.get(events.size() - 2).get("data").get("code").asText())
                .isEqualTo("checksum_mismatch");
        assertThat(events.getLast().get("data").get("success").asBoolean()).isFalse();
        assertThat(dir.resolve("dist/Tiny-Q4_K_M.gguf")).doesNotExist();
    }

    @Test
    void listsTheRepositorysGgufFilesWithTheDefaultChoice() throws IOException {
        hub.file("acme/Tiny-GGUF", "Tiny-Q8_0.gguf", new byte[1234]).file("acme/Tiny-GGUF", "README.md", new byte[3]);
        Files.createDirectories(dir.resolve("dist"));
        Files.write(dir.resolve("dist/Tiny-Q8_0.gguf"), new byte[1234]);

        Http.Response res = server.http.get("/models/pull/files?repo=acme/Tiny-GGUF");
        Http.Response asked = server.http.get("/api/v1/models/pull/files?repo=acme%2FTiny-GGUF%3AQ8_0");

        assertThat(res.status()).as(res.body()).isEqualTo(200);
        JsonNode listing = res.json();
        assertThat(listing.get("repo").asText()).isEqualTo("acme/Tiny-GGUF");
        assertThat(listing.get("default").asText()).isEqualTo("Tiny-Q4_K_M.gguf");
        assertThat(listing.get("files"))
                .extracting(
                        f -> f.get("path").asText(),
                        f -> f.get("size").asLong(),
                        f -> f.get("downloaded").asBoolean())
                .containsExactlyInAnyOrder(
                        tuple("Tiny-Q4_K_M.gguf", 700_000L, false), tuple("Tiny-Q8_0.gguf", 1234L, true));
        assertThat(listing.get("files").findValuesAsText("sha256")).contains(FakeHub.sha256(model));
        assertThat(asked.json().get("default").asText()).isEqualTo("Tiny-Q8_0.gguf");
    }

    @Test
    void aListingOfBadInputIsAJsonError() {
        hub.file("acme/Docs", "README.md", new byte[3]);

        assertError(server.http.get("/models/pull/files"), 400, "bad_model");
        assertError(server.http.get("/models/pull/files?repo=no-slash"), 400, "bad_model");
        assertError(server.http.get("/models/pull/files?repo=acme/Nope-GGUF"), 404, "repo_not_found");
        assertError(server.http.get("/models/pull/files?repo=acme/Docs"), 404, "no_gguf");
        assertError(server.http.get("/models/pull/files?repo=acme/Tiny-GGUF:IQ1_S"), 404, "quant_not_found");
        assertThat(server.http.post("/models/pull/files", "{}").header("Allow")).isEqualTo("GET");
    }

    @Test
    void pullsTheFileNamedInTheRequest() throws IOException {
        byte[] q8 = new byte[5_000];
        new Random(8).nextBytes(q8);
        hub.file("acme/Tiny-GGUF", "Tiny-Q8_0.gguf", q8);

        Http.Response res =
                server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF\", \"file\": \"Tiny-Q8_0.gguf\"}");
        Http.Response wrong = server.http.post(
                "/models/pull", "{\"model\": \"acme/Tiny-GGUF\", \"file\": \"../../etc/passwd.gguf\"}");

        assertThat(res.body()
                        .lines()
                        .map(TestJson::parse)
                        .toList()
                        .getLast()
                        .get("data")
                        .get("model")
                        .asText())
                .isEqualTo("Tiny-Q8_0");
        assertThat(Files.readAllBytes(dir.resolve("dist/Tiny-Q8_0.gguf"))).isEqualTo(q8);
        assertError(wrong, 404, "file_not_found");
    }

    @Test
    void aHubThatRefusesConnectionsIsABadGatewayThatSaysSo(@TempDir Path other) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (TestServer offline = TestServer.start(
                other,
                "scripted",
                TestServer.SCRIPT,
                "pull: { hub_endpoint: \"http://127.0.0.1:%d\" }".formatted(closedPort))) {
            Http.Response res = offline.http.get("/models/pull/files?repo=acme/Tiny-GGUF");

            assertError(res, 502, "hub_unreachable");
            assertThat(res.json().get("error").get("message").asText())
                    .contains("cannot reach http://127.0.0.1:" + closedPort)
                    .contains("HF_ENDPOINT");
        }
    }

    @Test
    void aPullOfAFileAnotherProcessDownloadsIsA409BeforeAnyStream() throws Exception {
        Path part = dir.resolve("dist/Tiny-Q4_K_M.gguf.part");
        Files.createDirectories(part.getParent());
        Process cli = PartLockHolder.hold(part);
        try {
            Http.Response res = server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF:Q4_K_M\"}");

            // before: 200 and an NDJSON stream whose error event said pull_in_progress
            assertError(res, 409, "pull_in_progress");
            assertThat(res.header("Content-Type")).startsWith("application/json");
            assertThat(server.http.get("/healthz").status()).isEqualTo(200);
        } finally {
            cli.getOutputStream().close();
            cli.waitFor();
        }

        Http.Response after = server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF:Q4_K_M\"}");
        assertThat(after.status()).isEqualTo(200);
        assertThat(Files.readAllBytes(dir.resolve("dist/Tiny-Q4_K_M.gguf"))).isEqualTo(model);
        assertThat(part).doesNotExist();
    }

    private static void assertError(Http.Response res, int status, String code) {
        assertThat(res.status()).as(res.body()).isEqualTo(status);
        assertThat(res.json().get("error").get("code").asText()).isEqualTo(code);
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
