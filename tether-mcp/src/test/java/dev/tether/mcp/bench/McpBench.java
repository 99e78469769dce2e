package dev.tether.mcp.bench;

import dev.tether.mcp.McpHttpService;
import dev.tether.mcp.McpHttpSettings;
import dev.tether.tool.ToolRegistry;
import dev.tether.toolsets.TimeTool;
import io.helidon.webserver.WebServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code tools/call get_current_time} round trips over stdio (the launcher in a child JVM) and over Streamable HTTP
 * ({@code /mcp} on a local Helidon server): calls per second and latency percentiles, one client calling in a loop,
 * and for HTTP also several sessions at once. Usage: {@code bench/mcp [calls] [warmup] [httpClients]}.
 */
public final class McpBench {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"get_current_time\",\"arguments\":{\"timezone\":\"UTC\"}}}";

    private McpBench() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        System.out.printf(
                "tools/call get_current_time, %d timed calls after %d warm-up calls, %d cores%n",
                calls, warmup, Runtime.getRuntime().availableProcessors());
        report("stdio, 1 client", stdio(calls, warmup));
        try (ToolRegistry registry =
                ToolRegistry.builder().add("get_current_time", new TimeTool()).build()) {
            WebServer server = WebServer.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .routing(r -> r.register(new McpHttpService(registry, McpHttpSettings.defaults())))
                    .build()
                    .start();
            try {
                URI mcp = URI.create("http://127.0.0.1:" + server.port() + "/mcp");
                report("http /mcp, 1 client", http(mcp, calls, warmup, 1));
                report("http /mcp, " + clients + " clients", http(mcp, calls, warmup, clients));
            } finally {
                server.stop();
            }
        }
    }

    /** Latencies in nanoseconds plus the wall time of the timed part. */
    record Run(long[] latencies, long wallNanos) {}

    private static Run stdio(int calls, int warmup) throws Exception {
        Path config = Files.createTempFile("tether-mcp-bench", ".yml");
        Files.writeString(
                config,
                "tools: { registry: [ { name: get_current_time, impl: dev.tether.toolsets.TimeTool } ],"
                        + " enabled: [get_current_time] }\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.tether.mcp.McpMain",
                        "--config",
                        config.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = process.getOutputStream();
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            send(in, INITIALIZE);
            out.readLine();
            send(in, INITIALIZED);
            for (int i = 0; i < warmup; i++) {
                send(in, CALL.formatted(i + 1));
                out.readLine();
            }
            long[] latencies = new long[calls];
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                long t = System.nanoTime();
                send(in, CALL.formatted(warmup + i + 1));
                if (!out.readLine().contains("\"isError\":false")) {
                    throw new IllegalStateException("call failed");
                }
                latencies[i] = System.nanoTime() - t;
            }
            return new Run(latencies, System.nanoTime() - start);
        } finally {
            process.destroy();
            Files.deleteIfExists(config);
        }
    }

    private static void send(OutputStream in, String message) throws IOException {
        in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static Run http(URI mcp, int calls, int warmup, int clients) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<HttpSession> sessions = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                sessions.add(new HttpSession(mcp));
            }
            for (HttpSession s : sessions) {
                s.calls(warmup / clients, new long[warmup / clients]);
            }
            int each = calls / clients;
            long[][] parts = new long[clients][each];
            long start = System.nanoTime();
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int index = c;
                running.add(pool.submit(() -> {
                    sessions.get(index).calls(each, parts[index]);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            long wall = System.nanoTime() - start;
            return new Run(Arrays.stream(parts).flatMapToLong(Arrays::stream).toArray(), wall);
        }
    }

    /** One MCP session over its own HTTP client connection. */
    private static final class HttpSession {
        private final HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final URI mcp;
        private final String id;
        private int next = 1;

        HttpSession(URI mcp) throws Exception {
            this.mcp = mcp;
            this.id = post(INITIALIZE, null)
                    .headers()
                    .firstValue("Mcp-Session-Id")
                    .orElseThrow();
            post(INITIALIZED, id);
        }

        void calls(int n, long[] latencies) throws Exception {
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = post(CALL.formatted(next++), id);
                if (r.statusCode() != 200 || !r.body().contains("\"isError\":false")) {
                    throw new IllegalStateException("call failed: " + r.statusCode() + " " + r.body());
                }
                latencies[i] = System.nanoTime() - t;
            }
        }

        private HttpResponse<String> post(String body, String session) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(mcp)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream");
            if (session != null) {
                request.header("Mcp-Session-Id", session);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void report(String name, Run run) {
        long[] sorted = run.latencies().clone();
        Arrays.sort(sorted);
        double perSecond = sorted.length / (run.wallNanos() / 1e9);
        System.out.printf(
                Locale.ROOT,
                "%-22s %8.0f calls/s   p50 %6.3f ms   p99 %6.3f ms   max %7.3f ms%n",
                name,
                perSecond,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
