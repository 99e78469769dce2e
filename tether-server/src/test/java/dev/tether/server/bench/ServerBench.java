package dev.tether.server.bench;

import dev.tether.engine.Engine;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.server.TetherServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Measures the server over loopback with the scripted provider at {@code chunk_delay_ms: 0}: events/s of one
 * stream (and the HTTP cost per event, against the same turn run in-process), time to first event, and
 * {@code GET /sessions} (and, for scale, {@code GET /healthz}) requests/s with 16 concurrent clients. Prints figures; asserts nothing.
 * Args: [events per stream (default 2000)] [first-event samples (default 1000)] [seconds of GET load (default 5)].
 */
public final class ServerBench {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("tether-bench");
        Engine engine = Engine.start(config(dir, events), name -> null);
        TetherServer server = new TetherServer(engine).start();
        String base = server.url();
        try {
            System.out.printf(
                    "Tether server benchmark (JDK %s, %d CPUs, loopback, scripted provider, no delay)%n",
                    Runtime.version(), Runtime.getRuntime().availableProcessors());
            streamThroughput(engine, base, events);
            firstEvent(engine, base, samples);
            load(base, "/sessions?limit=20", seconds);
            load(base, "/healthz", seconds);
        } finally {
            server.stop();
            engine.close();
        }
        System.exit(0);
    }

    private static void streamThroughput(Engine engine, String base, int events) throws Exception {
        for (int warm = 0; warm < 3; warm++) {
            streamOnce(base, newSession(base), "long");
            inProcessOnce(engine, UUID.fromString(newSession(base)));
        }
        double bestHttp = Double.MAX_VALUE;
        double bestEngine = Double.MAX_VALUE;
        int count = 0;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            count = streamOnce(base, newSession(base), "long");
            bestHttp = Math.min(bestHttp, (System.nanoTime() - start) / 1e3);
            start = System.nanoTime();
            inProcessOnce(engine, UUID.fromString(newSession(base)));
            bestEngine = Math.min(bestEngine, (System.nanoTime() - start) / 1e3);
        }
        System.out.printf(
                "one NDJSON stream: %d events in %.1f ms = %,.0f events/s (%.2f µs/event)%n",
                count, bestHttp / 1e3, count / (bestHttp / 1e6), bestHttp / count);
        System.out.printf(
                "  same turn in-process, no HTTP: %.2f µs/event -> HTTP overhead %.2f µs/event%n",
                bestEngine / count, (bestHttp - bestEngine) / count);
    }

    private static int streamOnce(String base, String session, String prompt) throws Exception {
        HttpResponse<InputStream> response =
                CLIENT.send(chatRequest(base, session, prompt), HttpResponse.BodyHandlers.ofInputStream());
        int lines = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                lines++;
            }
        }
        return lines;
    }

    private static void inProcessOnce(Engine engine, UUID session) {
        try (Turn turn = engine.orchestrator().begin(new TurnRequest(session, "long", null, null))) {
            LongAdder seen = new LongAdder();
            turn.run((ChatEvent event) -> seen.increment());
        }
    }

    private static void firstEvent(Engine engine, String base, int samples) throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < samples + 200; i++) {
            sessions.add(newSession(base));
        }
        long[] micros = new long[samples];
        for (int i = 0; i < samples + 200; i++) {
            long start = System.nanoTime();
            HttpResponse<InputStream> response =
                    CLIENT.send(chatRequest(base, sessions.get(i), "short"), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                in.readLine();
                long elapsed = (System.nanoTime() - start) / 1_000;
                if (i >= 200) {
                    micros[i - 200] = elapsed;
                }
                while (in.readLine() != null) {
                    // drain to done
                }
            }
        }
        report("time to first event over HTTP", samples, micros);
        for (int i = 0; i < samples; i++) {
            UUID session = UUID.fromString(newSession(base));
            long start = System.nanoTime();
            long[] first = {0};
            try (Turn turn = engine.orchestrator().begin(new TurnRequest(session, "short", null, null))) {
                turn.run(event -> {
                    if (first[0] == 0) {
                        first[0] = System.nanoTime();
                    }
                });
            }
            micros[i] = (first[0] - start) / 1_000;
        }
        report("  same turn in-process, no HTTP", samples, micros);
    }

    private static void report(String what, int samples, long[] micros) {
        Arrays.sort(micros);
        System.out.printf(
                "%s (%d chats, fresh sessions): p50 %.2f ms, p99 %.2f ms%n",
                what, samples, micros[samples / 2] / 1e3, micros[(int) (samples * 0.99)] / 1e3);
    }

    private static void load(String base, String path, int seconds) throws Exception {
        int clients = 16;
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + path)).GET().build();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    HttpClient own = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                    while (!stop.get()) {
                        try {
                            int status = own.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                            if (measuring.get()) {
                                (status == 200 ? done : failed).increment();
                            }
                        } catch (IOException | InterruptedException e) {
                            failed.increment();
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1_000);
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            measuring.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            System.out.printf(
                    "GET %s, %d concurrent clients: %,.0f requests/s (%d failed)%n",
                    path, clients, done.sum() / elapsed, failed.sum());
        }
    }

    private static String newSession(String base) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        String body = CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
        int start = body.indexOf("\"session_id\":\"") + 14;
        return body.substring(start, body.indexOf('"', start));
    }

    private static HttpRequest chatRequest(String base, String session, String prompt) {
        return HttpRequest.newBuilder(URI.create(base + "/chat/stream"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"session_id\":\"" + session + "\",\"prompt\":\"" + prompt + "\"}"))
                .build();
    }

    private static TetherConfig config(Path dir, int events) throws IOException {
        String chunks = IntStream.range(0, events)
                .mapToObj(i -> "\"w" + (i % 10) + " \"")
                .collect(Collectors.joining(", ", "[", "]"));
        Path script = dir.resolve("script.yml");
        Files.writeString(script, """
                models: [bench]
                chunk_delay_ms: 0
                rules:
                  - { on: user, match: "long", chunks: %s }
                  - { on: user, match: ".*", chunks: ["Hi ", "there."] }
                """.formatted(chunks));
        Path config = dir.resolve("tether.yml");
        String root = dir.toAbsolutePath().toString().replace('\\', '/');
        Files.writeString(config, """
                port: 0
                data_dir: "%s"
                providers:
                  model: { impl: scripted, args: { script: "%s/script.yml" } }
                  session_store: { url: "jdbc:sqlite:%s/bench.db" }
                """.formatted(root, root, root));
        return TetherConfig.load(Optional.of(config), Map.of(), name -> null);
    }
}
