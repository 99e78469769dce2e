package dev.tether.toolsets.kb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tether.tool.Toolset;
import dev.tether.toolsets.TestContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search by meaning blended with BM25, against a local embedding service in Ollama's {@code /api/embed} format
 * whose vectors count words of a few concepts — so "automobile" lands near "car" with no shared keyword.
 */
class KbSemanticSearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Set<String>> CONCEPTS = List.of(
            Set.of("car", "automobile", "vehicle", "tyres"),
            Set.of("dog", "puppy", "canine", "shoes"),
            Set.of("money", "budget", "finance", "cash"));

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile CountDownLatch hold;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private Path folder;
    private Toolset.Opened base;
    private KbSearchTool search;
    private KbIndexStatusTool status;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/embed", this::embed);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        folder = Files.createDirectories(dir.resolve("notes")).toRealPath();
        Files.writeString(folder.resolve("cars.md"), "My car needs new tyres before winter.\n");
        Files.writeString(folder.resolve("pets.md"), "The puppy chewed my shoes again.\n");
        Files.writeString(folder.resolve("money.md"), "The budget for next year is tight.\n");
    }

    @AfterEach
    void stop() {
        if (base != null) {
            base.close();
        }
        server.stop(0);
    }

    private void openTools(String args) {
        base = new KbToolset().open(TestContexts.context("kb", args, dir.resolve("data")));
        search = (KbSearchTool) base.create(KbSearchTool.class);
        status = (KbIndexStatusTool) base.create(KbIndexStatusTool.class);
    }

    private void open() {
        String args = "folders: " + TestContexts.list(folder) + "\nwait_sec: 30\nembedding:\n  url: http://127.0.0.1:"
                + server.getAddress().getPort() + "/api/embed\n  model: concepts\n  timeout_sec: 5\n";
        openTools(args);
    }

    @Test
    void findsPassagesByMeaningWithoutASharedWord() {
        open();

        KbSearchTool.Results results = search.run("automobile maintenance", 3);

        KbSearchTool.Passage first = results.passages().getFirst();
        assertThat(first.path()).endsWith("cars.md");
        assertThat(first.match()).isEqualTo("meaning");
        assertThat(results.note()).isNull();
        assertThat(requests)
                .allSatisfy(r -> assertThat(r.path("model").asText()).isEqualTo("concepts"));
    }

    @Test
    void aPassageFoundBothWaysRanksFirst() {
        open();

        KbSearchTool.Passage first = search.run("puppy", 3).passages().getFirst();

        assertThat(first.path()).endsWith("pets.md");
        assertThat(first.match()).isEqualTo("both");
    }

    @Test
    void whileTheServiceIsDownKeywordsStillWorkAndALaterScanAddsTheVectors() throws Exception {
        failing.set(true);
        open();

        KbSearchTool.Results keywordOnly = search.run("puppy", 3);
        assertThat(keywordOnly.passages())
                .extracting(KbSearchTool.Passage::path)
                .singleElement()
                .satisfies(p -> assertThat(p).endsWith("pets.md"));
        assertThat(keywordOnly.note()).contains("search by meaning is unavailable", "HTTP 503");
        assertThat(search.run("automobile", 3).passages()).isEmpty();
        assertThat(status.run(false).errors()).hasSize(1);
        assertThat(status.run(true).lastChanged())
                .as("a rescan tries one waiting file, not all")
                .isEqualTo(1);

        failing.set(false);
        KbIndexStatusTool.Status rescanned = status.run(true);

        assertThat(rescanned.lastChanged()).isEqualTo(3);
        assertThat(rescanned.errors()).isNull();
        assertThat(search.run("automobile", 3).passages().getFirst().path()).endsWith("cars.md");
    }

    @Test
    void aSearchDuringALongScanAnswersFromTheIndexAsItIsAndSaysSo() throws Exception {
        hold = new CountDownLatch(1);
        String args = "folders: " + TestContexts.list(folder) + "\nwait_sec: 1\nembedding:\n  url: http://127.0.0.1:"
                + server.getAddress().getPort() + "/api/embed\n  model: concepts\n";
        openTools(args);
        try {
            KbSearchTool.Results early = search.run("puppy", 3);

            assertThat(early.indexing()).isTrue();
            assertThat(early.note()).contains("indexing is still running");
            assertThat(status.run(false).indexing()).isTrue();
            assertThat(status.run(false).progress()).isEqualTo("0/3 files");
        } finally {
            hold.countDown();
        }
        KbIndexStatusTool.Status done = status.run(true);
        assertThat(done.files()).isEqualTo(3);
        assertThat(search.run("puppy", 3).indexing()).isNull();
    }

    private void embed(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        requests.add(request);
        if (hold != null && !request.path("input").path(0).asText().equals("puppy")) {
            try {
                hold.await(30, TimeUnit.SECONDS); // passages wait; the query itself is answered at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failing.get()) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        ObjectNode answer =
                JSON.createObjectNode().put("model", request.path("model").asText());
        ArrayNode embeddings = answer.putArray("embeddings");
        for (JsonNode input : request.path("input")) {
            ArrayNode vector = embeddings.addArray();
            for (Set<String> concept : CONCEPTS) {
                vector.add(count(input.asText(), concept));
            }
            vector.add(0.1);
        }
        byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static int count(String text, Set<String> concept) {
        int n = 0;
        for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
            n += concept.contains(word) ? 1 : 0;
        }
        return n;
    }
}
