package dev.tether.server.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Soak: a steady load of chat turns (every other one with a tool call), session CRUD and MCP sessions with tool
 * calls over {@code /mcp} against the real server jar in its own process, while that process's heap used after a
 * full GC, RSS, threads and open file descriptors are sampled. Prints one row per sample, first vs last minute, the
 * slopes and a verdict. Args: [minutes of sampling (default 10)] [seconds between samples (default 10)]
 * [server jar (default tether-server/target/tether-server.jar)]; a 30 s warm-up comes first. Linux only (/proc).
 */
public final class SoakBench {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int CHAT_CLIENTS = 4;
    private static final long PAUSE_MS = 50;
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"soak","version":"1"}}}""";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"get_current_time\",\"arguments\":{\"timezone\":\"UTC\"}}}";

    /** One sample: seconds since sampling began, MB of heap after GC and of RSS, threads, open fds, totals so far. */
    record Sample(
            double seconds,
            double heapMb,
            double rssMb,
            int threads,
            long fds,
            long turns,
            long crud,
            long mcp,
            long errors) {}

    private final String base;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongAdder turns = new LongAdder();
    private final LongAdder crud = new LongAdder();
    private final LongAdder mcpCalls = new LongAdder();
    private final LongAdder errors = new LongAdder();

    private SoakBench(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path jar = Path.of(args.length > 2 ? args[2] : "tether-server/target/tether-server.jar");
        Path dir = Files.createTempDirectory("tether-soak");
        try (ServerProcess server = ServerProcess.start(jar, config(dir));
                ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            SoakBench soak = new SoakBench(server.url());
            System.out.printf(
                    Locale.ROOT,
                    "Tether soak: %.1f min, a sample every %d s after a 30 s warm-up; %d chat "
                            + "clients + 1 CRUD + 1 MCP client, %d ms pause between requests; JDK %s, %d CPUs%n",
                    minutes,
                    every,
                    CHAT_CLIENTS,
                    PAUSE_MS,
                    Runtime.version(),
                    Runtime.getRuntime().availableProcessors());
            try {
                soak.start(load);
                Thread.sleep(30_000);
                SoakReport.print(soak.sample(server, minutes, every));
            } finally {
                soak.stop.set(true); // lets the clients end, so closing the executor does not wait forever
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(file -> file.toFile().delete());
            }
        }
        System.exit(0);
    }

    private void start(ExecutorService load) {
        for (int c = 0; c < CHAT_CLIENTS; c++) {
            load.submit(() -> loop(this::chatSession));
        }
        load.submit(() -> loop(this::crudRound));
        load.submit(() -> loop(this::mcpSession));
    }

    private List<Sample> sample(ServerProcess server, double minutes, int every) throws Exception {
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        System.out.printf("server pid %d at %s%n", server.pid(), server.url());
        System.out.println("    t s   heap MB    RSS MB  threads   fds     turns    crud     mcp  errors");
        while (true) {
            double seconds = (System.nanoTime() - start) / 1e9;
            Sample s = new Sample(
                    seconds,
                    server.heapAfterGcMb(),
                    server.rssMb(),
                    server.threads(),
                    server.openFds(),
                    turns.sum(),
                    crud.sum(),
                    mcpCalls.sum(),
                    errors.sum());
            samples.add(s);
            System.out.printf(
                    Locale.ROOT,
                    "%7.0f %9.1f %9.1f %8d %5d %9d %7d %7d %7d%n",
                    s.seconds(),
                    s.heapMb(),
                    s.rssMb(),
                    s.threads(),
                    s.fds(),
                    s.turns(),
                    s.crud(),
                    s.mcp(),
                    s.errors());
            if (s.seconds() >= minutes * 60 - 0.5) {
                return samples;
            }
            Thread.sleep(Math.max(0, (long) ((samples.size() * every - s.seconds()) * 1000)));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void loop(Step step) {
        while (!stop.get()) {
            try {
                step.run();
                Thread.sleep(PAUSE_MS);
            } catch (Exception e) {
                if (!stop.get()) {
                    errors.increment();
                    System.err.println("soak error: " + e);
                }
            }
        }
    }

    /** A session with four turns (two call a tool), read back, then deleted so the store stays the same size. */
    private void chatSession() throws Exception {
        String session = newSession();
        for (int turn = 0; turn < 4 && !stop.get(); turn++) {
            String body = send(
                    post(
                            "/chat/stream",
                            "{\"session_id\":\"" + session + "\",\"prompt\":\""
                                    + (turn % 2 == 0 ? "what time is it?" : "hello") + "\"}"),
                    200);
            if (body.contains("\"type\":\"error\"") || !body.contains("\"finish_reason\":\"stop\"")) {
                throw new IllegalStateException("bad turn: " + body);
            }
            turns.increment();
            Thread.sleep(PAUSE_MS);
        }
        send(request("/sessions/" + session + "/messages").GET(), 200);
        send(request("/sessions/" + session).DELETE(), 204);
    }

    private void crudRound() throws Exception {
        String session = newSession();
        send(
                request("/sessions/" + session)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"soak\"}"))
                        .header("Content-Type", "application/json"),
                200);
        send(request("/sessions/" + session).GET(), 200);
        send(request("/sessions?limit=20").GET(), 200);
        send(request("/sessions/" + session).DELETE(), 204);
        crud.add(5);
    }

    /** One MCP session: initialize, 20 tool calls, then DELETE (the client ends its session). */
    private void mcpSession() throws Exception {
        HttpResponse<String> init = CLIENT.send(mcp(INITIALIZE, null).build(), HttpResponse.BodyHandlers.ofString());
        String id = init.headers()
                .firstValue("Mcp-Session-Id")
                .orElseThrow(
                        () -> new IllegalStateException("no MCP session: " + init.statusCode() + " " + init.body()));
        CLIENT.send(mcp(INITIALIZED, id).build(), HttpResponse.BodyHandlers.discarding());
        for (int i = 1; i <= 20 && !stop.get(); i++) {
            String body = send(mcp(CALL.formatted(i), id), 200);
            if (!body.contains("\"isError\":false")) {
                throw new IllegalStateException("tool call failed: " + body);
            }
            mcpCalls.increment();
            Thread.sleep(PAUSE_MS);
        }
        CLIENT.send(
                HttpRequest.newBuilder(URI.create(base + "/mcp"))
                        .DELETE()
                        .header("Mcp-Session-Id", id)
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private HttpRequest.Builder mcp(String body, String session) {
        HttpRequest.Builder request = post("/mcp", body).header("Accept", "application/json, text/event-stream");
        return session == null ? request : request.header("Mcp-Session-Id", session);
    }

    private String newSession() throws Exception {
        String body = send(post("/sessions", "{}"), 201);
        int start = body.indexOf("\"session_id\":\"") + 14;
        return body.substring(start, body.indexOf('"', start));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    private HttpRequest.Builder post(String path, String json) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The server's config file: the scripted model with a tool-calling script, a SQLite file, MCP over HTTP. */
    private static Path config(Path dir) throws IOException {
        String root = dir.toAbsolutePath().toString().replace('\\', '/');
        Files.writeString(dir.resolve("script.yml"), """
                models: [soak]
                chunk_delay_ms: 0
                rules:
                  - { on: user, match: "time", chunks: ["Let me check. ", "<<function_call>> {\\"name\\": \\"get_current_time\\", \\"arguments\\": {\\"timezone\\": \\"UTC\\"}}"] }
                  - { on: tool, match: ".*", chunks: ["It is ", "now."] }
                  - { on: user, match: ".*", chunks: ["Hello ", "there", "!"] }
                """);
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                host: 127.0.0.1
                port: 0
                data_dir: "%s"
                providers:
                  model: { impl: scripted, args: { script: "%s/script.yml" } }
                  session_store: { url: "jdbc:sqlite:%s/soak.db" }
                tools: { enabled: [get_current_time] }
                mcp: { http: { enabled: true } }
                """.formatted(root, root, root));
        return config;
    }
}
