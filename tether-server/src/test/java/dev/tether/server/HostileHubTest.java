package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.pull.FakeHub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /models/pull} against a hub that is hostile or broken: a listing that never ends, a listed size of ten
 * terabytes, a body that drips, a file with no SHA-256, names with a NUL or backslashes, a redirect to
 * {@code file:} or {@code ftp:}, and a second pull of a file being pulled. Each is a clear JSON error (before the
 * stream) or an {@code error} event then {@code done} (during it); the server keeps answering.
 */
class HostileHubTest {

    private static final String FILE = "Tiny-Q4_K_M.gguf";

    @TempDir
    Path dir;

    private FakeHub hub;
    private TestServer server;
    private final byte[] model = new byte[200_000];

    @BeforeEach
    void start() throws IOException {
        new Random(11).nextBytes(model);
        hub = new FakeHub().file("acme/Tiny-GGUF", FILE, model);
        server = TestServer.start(dir, "scripted", TestServer.SCRIPT, """
                pull: { hub_endpoint: "%s", dist_root: "%s", max_listing_bytes: 1048576, min_bytes_per_sec: 1000,
                        stall_sec: 1, timeout_sec: 20 }
                """.formatted(
                        hub.url(), dist().toString().replace("\\", "/")));
    }

    @AfterEach
    void stop() {
        server.close();
        hub.close();
    }

    private Path dist() {
        return dir.resolve("dist");
    }

    private static void assertError(Http.Response res, int status, String code) {
        assertThat(res.status()).as(res.body()).isEqualTo(status);
        assertThat(res.json().path("error").path("code").asText())
                .as(res.body())
                .isEqualTo(code);
    }

    private List<JsonNode> events(Http.Response res) {
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        return res.body().lines().map(TestJson::parse).toList();
    }

    private void assertStillServing() {
        assertThat(server.http.get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void aListingThatNeverEndsIsCutOffAtTheCap() {
        hub.file("acme/Endless-GGUF", FILE, model).endlessTree("acme/Endless-GGUF");

        Http.Response listing = server.http.get("/models/pull/files?repo=acme/Endless-GGUF");
        Http.Response pull = server.http.post("/models/pull", "{\"model\": \"acme/Endless-GGUF\"}");

        assertError(listing, 502, "hub_answer_too_large");
        assertThat(listing.json().path("error").path("message").asText()).contains("pull.max_listing_bytes");
        assertError(pull, 502, "hub_answer_too_large");
        assertStillServing();
    }

    @Test
    void aFileLargerThanTheFreeSpaceIsRefusedBeforeAnyByteIsWritten() {
        hub.listSize(FILE, 10L << 40);

        assertError(server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF\"}"), 507, "insufficient_storage");
        assertThat(dist().resolve(FILE + ".part")).doesNotExist();
        assertStillServing();
    }

    @Test
    void aBodyThatDripsIsStoppedByTheMinimumRate() {
        hub.throttle(20); // a byte every 50 ms, each read well within the read timeout

        long started = System.nanoTime();
        List<JsonNode> events = events(server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF\"}"));

        assertThat(events).extracting(e -> e.get("type").asText()).endsWith("error", "done");
        assertThat(events.get(events.size() - 2).path("data").path("code").asText())
                .isEqualTo("download_too_slow");
        assertThat(events.getLast().path("data").path("success").asBoolean()).isFalse();
        assertThat((System.nanoTime() - started) / 1_000_000_000).as("seconds").isLessThan(15);
        assertStillServing();
    }

    @Test
    void aFileWithoutAChecksumIsRefusedUnlessVerifyIsFalse() {
        hub.withoutSha(FILE);

        Http.Response refused = server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF\"}");
        List<JsonNode> accepted =
                events(server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF\", \"verify\": false}"));

        assertError(refused, 400, "no_checksum");
        assertThat(refused.json().path("error").path("message").asText()).contains("--no-verify", "\"verify\": false");
        JsonNode done = accepted.getLast().path("data");
        assertThat(done.path("success").asBoolean()).isTrue();
        assertThat(done.path("verified").asBoolean()).isFalse();
    }

    @Test
    void namesWithANulOrBackslashesAreRefusedOnEveryPlatform() {
        hub.file("acme/Nul-GGUF", "evil\u0000-Q4_K_M.gguf", model)
                .file("acme/Slash-GGUF", "..\\..\\x-Q6_K.gguf", model);

        Http.Response nul = server.http.post("/models/pull", "{\"model\": \"acme/Nul-GGUF\"}");
        Http.Response slash = server.http.post("/models/pull", "{\"model\": \"acme/Slash-GGUF:Q6_K\"}");
        Http.Response named = server.http.post(
                "/models/pull", "{\"model\": \"acme/Slash-GGUF\", \"file\": \"..\\\\..\\\\x-Q6_K.gguf\"}");

        assertError(nul, 502, "bad_file_name");
        assertThat(nul.json().path("error").path("message").asText()).contains("\\u0000");
        assertError(slash, 502, "bad_file_name");
        assertError(named, 502, "bad_file_name");
        assertThat(server.http.get("/models/pull/files?repo=acme/Nul-GGUF").status())
                .isLessThan(500);
        assertThat(dir.resolve("x-Q6_K.gguf")).doesNotExist();
        assertStillServing();
    }

    @Test
    void aRedirectToFileOrFtpIsAnErrorEventThenDone() {
        for (String base : List.of("file://", "ftp://127.0.0.1:1")) {
            hub.cdn("acme/Tiny-GGUF", base);

            List<JsonNode> events = events(server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF\"}"));

            assertThat(events).as(base).extracting(e -> e.get("type").asText()).endsWith("error", "done");
            JsonNode error = events.get(events.size() - 2).path("data");
            assertThat(error.path("code").asText()).isEqualTo("bad_redirect");
            assertThat(error.path("message").asText()).contains(base.substring(0, base.indexOf(':') + 1));
            assertThat(events.getLast().path("data").path("success").asBoolean())
                    .isFalse();
        }
        assertStillServing();
    }

    @Test
    void aSecondPullOfAFileBeingPulledIsAConflict() throws Exception {
        hub.throttle(20_000); // ten seconds for the whole file
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest first = HttpRequest.newBuilder(URI.create(server.http.base + "/models/pull"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"acme/Tiny-GGUF\"}"))
                .build();
        HttpResponse<InputStream> running = client.send(first, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = running.body()) {
            BufferedReader lines = Http.reader(body);
            assertThat(lines.readLine()).contains("\"start\"");

            Http.Response second = server.http.post("/models/pull", "{\"model\": \"acme/Tiny-GGUF\"}");

            assertError(second, 409, "pull_in_progress");
        }
        assertStillServing();
    }
}
