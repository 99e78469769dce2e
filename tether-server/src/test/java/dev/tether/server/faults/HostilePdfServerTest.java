package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.toolsets.HostilePdfs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two hostile PDFs against the real server in its own JVM (heap capped at 1 GiB, as a supervisor would run
 * it), read at the same time through MCP's {@code read_file} and indexed by the knowledge base: each call ends with
 * an error naming the file, no child is left parsing, every {@code /healthz} probe meanwhile is answered, and the
 * knowledge base indexes the other files. Before the parsing moved to a child, the heap reached its cap and the
 * server exited.
 */
class HostilePdfServerTest {

    @TempDir
    Path dir;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void hostilePdfsCostAChildNotTheServer() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        HostilePdfs.imageLabelledBomb(docs.resolve("image-bomb.pdf"), 1_500_000);
        HostilePdfs.nestedForms(docs.resolve("nested.pdf"), 5);
        Files.writeString(docs.resolve("notes.md"), "# Notes\nThe ferry leaves at nine.\n");
        String folder = docs.toRealPath().toString();
        Path config = Files.writeString(dir.resolve("tether.yml"), """
                host: 127.0.0.1
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                tools:
                  registry:
                    - { name: files, args: { roots: ["%s"], max_pdf_heap_bytes: 268435456, pdf_timeout_ms: 8000 } }
                    - { name: kb, args: { folders: ["%s"], index: docs, max_pdf_heap_bytes: 268435456,
                        pdf_timeout_ms: 8000, wait_sec: 60 } }
                  enabled: [read_file, kb_index_status, kb_search]
                limits: { tool_timeout_sec: 60 }
                """.formatted(
                        Files.writeString(
                                dir.resolve("script.yml"),
                                "models: [scripted]\nrules: [{on: user, match: '.*', chunks: [ok]}]\n"),
                        dir.resolve("tether.db"),
                        folder,
                        folder));
        try (ServerProcess server = ServerProcess.start(
                config, dir.resolve("stderr.txt"), List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"))) {
            URI mcp = URI.create(server.url + "/mcp");
            String session = initialize(mcp);
            AtomicBoolean probing = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Thread probe = Thread.ofVirtual().start(() -> probeHealth(server.url, probing, answered, failed));

            long started = System.nanoTime();
            CompletableFuture<JsonNode> bomb = CompletableFuture.supplyAsync(
                    () -> call(mcp, session, "read_file", "{\"path\":\"image-bomb.pdf\"}"));
            CompletableFuture<JsonNode> nested =
                    CompletableFuture.supplyAsync(() -> call(mcp, session, "read_file", "{\"path\":\"nested.pdf\"}"));
            JsonNode bombResult = bomb.join();
            JsonNode nestedResult = nested.join();
            long millis = (System.nanoTime() - started) / 1_000_000;
            JsonNode status = call(mcp, session, "kb_index_status", "{\"refresh\":true}");
            probing.set(false);
            probe.join();

            assertThat(bombResult.path("isError").asBoolean())
                    .as(bombResult.toString())
                    .isTrue();
            assertThat(bombResult.toString())
                    .contains("image-bomb.pdf")
                    .containsAnyOf("max_pdf_heap_bytes", "pdf_timeout_ms");
            assertThat(nestedResult.path("isError").asBoolean())
                    .as(nestedResult.toString())
                    .isTrue();
            assertThat(nestedResult.toString()).contains("nested.pdf", "pdf_timeout_ms");
            assertThat(millis)
                    .as("both calls ended by the PDF deadline, with room for starting the children")
                    .isLessThan(30_000);
            assertThat(ProcessHandle.of(server.process.pid())
                            .orElseThrow()
                            .descendants()
                            .filter(ProcessHandle::isAlive)
                            .toList())
                    .as("children left parsing")
                    .isEmpty();
            String statusText = status.path("content").path(0).path("text").asText();
            assertThat(statusText).contains("image-bomb.pdf", "nested.pdf");
            JsonNode found = call(mcp, session, "kb_search", "{\"query\":\"ferry\"}");
            assertThat(found.toString()).contains("notes.md");
            assertThat(server.process.isAlive()).isTrue();
            assertThat(failed.get())
                    .as("/healthz probes that failed, of %d", answered.get() + failed.get())
                    .isZero();
            assertThat(answered.get()).isPositive();
            System.out.printf(
                    "hostile PDFs: calls ended in %d ms; /healthz %d of %d answered; peak RSS %s%n",
                    millis, answered.get(), answered.get() + failed.get(), peakRss(server.process.pid()));
        }
    }

    private void probeHealth(String url, AtomicBoolean probing, AtomicInteger answered, AtomicInteger failed) {
        HttpRequest get = HttpRequest.newBuilder(URI.create(url + "/healthz"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        while (probing.get()) {
            try {
                int code =
                        client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
                (code == 200 ? answered : failed).incrementAndGet();
            } catch (IOException e) {
                failed.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The server's peak resident memory (Linux's VmHWM), or "n/a" elsewhere. */
    private static String peakRss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .findFirst()
                    .map(line -> line.substring(6).trim())
                    .orElse("n/a");
        } catch (IOException e) {
            return "n/a";
        }
    }

    private String initialize(URI mcp) throws IOException, InterruptedException {
        ObjectNode body = Faults.JSON
                .createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", 1)
                .put("method", "initialize");
        ObjectNode params = body.putObject("params").put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "test").put("version", "1");
        HttpResponse<String> reply =
                client.send(post(mcp, body.toString(), null), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        String session = reply.headers().firstValue("Mcp-Session-Id").orElseThrow();
        client.send(
                post(mcp, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session),
                HttpResponse.BodyHandlers.discarding());
        return session;
    }

    private JsonNode call(URI mcp, String session, String tool, String arguments) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
        try {
            String reply = client.send(post(mcp, body, session), HttpResponse.BodyHandlers.ofString())
                    .body();
            // a JSON reply, or one server-sent event whose data is the reply
            String json = reply.startsWith("{")
                    ? reply
                    : reply.lines()
                            .filter(l -> l.startsWith("data:"))
                            .map(l -> l.substring(5).trim())
                            .reduce("", String::concat);
            return Faults.parse(json).path("result");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest post(URI mcp, String body, String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(mcp)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Mcp-Protocol-Version", "2025-06-18");
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
