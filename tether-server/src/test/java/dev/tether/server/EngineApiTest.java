package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engines.FakeGitHub;
import dev.tether.engines.TestArchives;
import dev.tether.engines.TestArchives.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /engines}, {@code POST /engines/install} and {@code DELETE /engines/{name}} on a real server. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the fake engine is a shell script in a Linux release archive")
@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
class EngineApiTest {

    @TempDir
    Path dir;

    private FakeGitHub github;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        github = new FakeGitHub();
        for (String platform : List.of("ubuntu-x64", "ubuntu-vulkan-x64")) {
            github.asset(
                    "b7311",
                    "llama-b7311-bin-" + platform + ".tar.gz",
                    TestArchives.tarGz(List.of(Entry.file(
                            "build/bin/llama-server", TestArchives.fakeServer("7311 (" + platform + ")"), 0755))));
        }
        github.asset("b7000", "llama-b7000-bin-ubuntu-x64.tar.gz", new byte[] {1, 2, 3}, FakeGitHub.Digest.WRONG);
        server = TestServer.start(dir, "scripted", TestServer.SCRIPT, """
                engines: { endpoint: "%s" }
                """.formatted(github.url()));
    }

    @AfterEach
    void stop() {
        server.close();
        github.close();
    }

    @Test
    void listsTheMachineAndWhatAutoWouldInstall() {
        Http.Response res = server.http.get("/engines");

        assertThat(res.status()).isEqualTo(200);
        JsonNode body = res.json();
        assertThat(body.get("engines")).isEmpty();
        assertThat(body.at("/machine/os").asText()).isEqualTo("linux");
        assertThat(body.at("/machine/arch").asText()).isEqualTo("x64");
        assertThat(body.at("/machine/gpus").isArray()).isTrue();
        assertThat(body.at("/machine/vulkan").isBoolean()).isTrue();
        assertThat(body.at("/auto/supported").asBoolean()).isTrue();
        assertThat(body.at("/auto/backend").asText()).isIn("cpu", "vulkan");
        assertThat(body.at("/auto/asset").asText()).matches("llama-<tag>-bin-ubuntu(-vulkan)?-x64");
        assertThat(body.at("/auto/why").asText()).startsWith("Linux x64 with");
        assertThat(body.has("active")).isTrue();
    }

    @Test
    void installsWithStreamedProgressThenListsAndRemovesTheEngine() {
        Http.Response res = server.http.post("/engines/install", "{\"backend\":\"cpu\",\"version\":null}");

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> events = res.body().lines().map(TestJson::parse).toList();
        assertThat(events)
                .extracting(e -> e.get("type").asText())
                .startsWith("start")
                .containsSubsequence("progress", "verify", "unpack", "check", "done");
        JsonNode start = events.getFirst().get("data");
        assertThat(start.get("asset").asText()).isEqualTo("llama-b7311-bin-ubuntu-x64.tar.gz");
        assertThat(start.get("total_bytes").asLong()).isPositive();
        JsonNode progress = events.stream()
                .filter(e -> e.get("type").asText().equals("progress"))
                .toList()
                .getLast();
        assertThat(progress.at("/data/downloaded_bytes").asLong())
                .isEqualTo(progress.at("/data/total_bytes").asLong());
        JsonNode done = events.getLast().get("data");
        assertThat(done.get("success").asBoolean()).isTrue();
        assertThat(done.at("/engine/name").asText()).isEqualTo("b7311-cpu");
        assertThat(done.at("/engine/version").asText()).isEqualTo("7311 (ubuntu-x64)");
        assertThat(done.at("/engine/path").asText()).endsWith("engines/b7311-cpu/build/bin/llama-server");

        JsonNode listed = server.http.get("/api/v1/engines").json().get("engines");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asText()).isEqualTo("b7311-cpu");
        assertThat(listed.get(0).get("backend").asText()).isEqualTo("cpu");
        assertThat(listed.get(0).get("version").asText()).isEqualTo("7311 (ubuntu-x64)");

        Http.Response sse =
                server.http.post("/engines/install", "{\"backend\":\"cpu\"}", "Accept", "text/event-stream");
        assertThat(sse.header("Content-Type")).startsWith("text/event-stream");
        assertThat(sse.body())
                .startsWith("event: start\ndata: {\"type\":\"start\"")
                .contains("event: done\ndata: {\"type\":\"done\"")
                .contains("\"already_present\":true");

        Http.Response removed = server.http.method("DELETE", "/engines/b7311-cpu", null);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(dir.resolve("engines/b7311-cpu")).doesNotExist();
        Http.Response again = server.http.method("DELETE", "/engines/b7311-cpu", null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().at("/error/code").asText()).isEqualTo("engine_not_found");
        assertThat(server.http
                        .method("DELETE", "/engines/not..valid", null)
                        .json()
                        .at("/error/code")
                        .asText())
                .isEqualTo("bad_engine");
    }

    @Test
    void refusalsBeforeTheStreamAreJsonErrorsAndTheServerKeepsServing() {
        assertError(server.http.post("/engines/install", "{\"backend\":\"rocm\"}"), 400, "bad_backend");
        assertError(server.http.post("/engines/install", "{\"backend\":7}"), 400, "invalid_field");
        assertError(server.http.post("/engines/install", "{\"model\":\"x\"}"), 400, "invalid_field");
        assertError(server.http.post("/engines/install", "{\"version\":\"b1\"}"), 404, "release_not_found");
        github.apiFails(403, true);
        Http.Response limited = server.http.post("/engines/install", "{}");
        assertError(limited, 502, "rate_limited");
        assertThat(limited.json().at("/error/message").asText()).contains("GITHUB_TOKEN");
        assertThat(server.http.get("/healthz").status()).isEqualTo(200);
        assertThat(server.http.get("/models").status()).isEqualTo(200);
    }

    @Test
    void aFailureAfterTheStreamStartedIsAnErrorEventThenDoneAndNothingInstalled() throws IOException {
        Http.Response res = server.http.post("/engines/install", "{\"backend\":\"cpu\",\"version\":\"b7000\"}");

        List<JsonNode> events = res.body().lines().map(TestJson::parse).toList();
        assertThat(events).extracting(e -> e.get("type").asText()).endsWith("error", "done");
        assertThat(events.get(events.size() - 2).at("/data/code").asText()).isEqualTo("checksum_mismatch");
        assertThat(events.getLast().at("/data/success").asBoolean()).isFalse();
        try (var files = Files.list(dir.resolve("engines"))) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void aSecondInstallWhileOneRunsIs409() throws Exception {
        github.holdDownloads();
        CompletableFuture<Http.Response> first =
                CompletableFuture.supplyAsync(() -> server.http.post("/engines/install", "{\"backend\":\"cpu\"}"));
        assertThat(github.awaitDownload(30)).isTrue();

        assertError(server.http.post("/engines/install", "{\"backend\":\"vulkan\"}"), 409, "install_in_progress");

        github.release();
        List<JsonNode> events = first.get().body().lines().map(TestJson::parse).toList();
        assertThat(events.getLast().at("/data/success").asBoolean()).isTrue();
    }

    @Test
    void aClientThatLeavesStopsTheInstallAndTheNextOneResumes() throws Exception {
        byte[] noise = new byte[1_500_000];
        new java.util.Random(5).nextBytes(noise);
        github.asset(
                        "b7400",
                        "llama-b7400-bin-ubuntu-x64.tar.gz",
                        TestArchives.tarGz(List.of(
                                Entry.file("build/bin/llama-server", TestArchives.fakeServer("7400"), 0755),
                                Entry.file("build/bin/weights", noise, 0644))))
                .throttle(300_000);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.http.base + "/engines/install"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"backend\":\"cpu\",\"version\":\"b7400\"}"))
                .build();
        var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try (var lines = Http.reader(response.body())) {
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.contains("\"progress\""));
            assertThat(line).as("a progress event").isNotNull();
        } // the client leaves mid-download

        github.throttle(-1);
        Http.Response again;
        long deadline = System.nanoTime() + 30_000_000_000L;
        do {
            again = server.http.post("/engines/install", "{\"backend\":\"cpu\",\"version\":\"b7400\"}");
        } while (again.status() == 409 && System.nanoTime() < deadline);
        List<JsonNode> events = again.body().lines().map(TestJson::parse).toList();
        assertThat(events.getFirst().at("/data/resumed_from").asLong())
                .as(again.body())
                .isPositive();
        assertThat(events.getLast().at("/data/success").asBoolean()).isTrue();
        assertThat(github.seen())
                .filteredOn(s -> s.path().startsWith("/cdn/b7400/"))
                .extracting(FakeGitHub.Seen::range)
                .last()
                .asString()
                .startsWith("bytes=");
    }

    private static void assertError(Http.Response res, int status, String code) {
        assertThat(res.status()).as(res.body()).isEqualTo(status);
        assertThat(res.json().at("/error/code").asText()).isEqualTo(code);
        assertThat(res.json().at("/error/message").asText()).isNotBlank();
    }
}
