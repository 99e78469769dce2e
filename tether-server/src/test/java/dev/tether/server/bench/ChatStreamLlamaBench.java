package dev.tether.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.args.LogFormat;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.BenchSupport;
import dev.tether.engine.llamacpp.GgufWriter;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.engine.llamacpp.bench.LlamaBench;
import dev.tether.engine.llamacpp.bench.LlamaBench.Sample;
import dev.tether.engine.llamacpp.bench.LlamaBench.Streamer;
import dev.tether.server.TetherServer;
import java.io.BufferedReader;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The llama.cpp engine through the whole server: tokens/s of {@code POST /chat/stream} (HTTP, tool loop, store,
 * worker process) against a {@code generate()} loop on the same model in this process, first-token times, turn 1
 * against turn 20 of one session, and aggregate tokens/s of 1, 2 and 4 concurrent sessions.
 * Usage: {@code bench/llama-server [--with-100m] [--tokens N] [--threads N]}.
 */
public final class ChatStreamLlamaBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int PARALLEL = 4;
    private static final int CONTEXT = 4096;
    private static final int ROUNDS = 5;

    private ChatStreamLlamaBench() {}

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int tokens = intArg(options, "--tokens", 128);
        int threads = intArg(options, "--threads", Runtime.getRuntime().availableProcessors());
        LlamaModel.setLogger(LogFormat.TEXT, (level, text) -> {});
        System.out.println("| model | measure (through POST /chat/stream) | value |");
        System.out.println("|---|---|---|");
        run("tiny", TestModels.tiny(), tokens, threads);
        if (options.contains("--with-100m")) {
            run(
                    "100M",
                    TestModels.generate(GgufWriter.Spec.small(), "tether-100m.gguf"),
                    Math.min(tokens, 64),
                    threads);
        }
        System.exit(0); // the binding's native thread would keep the JVM alive
    }

    private static void run(String label, Path model, int tokens, int threads) throws Exception {
        Path dir = Files.createTempDirectory("tether-llama-bench");
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                port: 0
                data_dir: "%s"
                system: { prompt: "%s" }
                providers:
                  model:
                    impl: llamacpp
                    args: { model: "%s", parallel: %d, n_ctx: %d, threads: %d }
                  session_store: { url: "jdbc:sqlite:%s" }
                tools: { enabled: [] }
                """.formatted(
                        dir, LlamaBench.SYSTEM, model, PARALLEL, CONTEXT, threads, dir.resolve("tether.db")));
        LlamaModel inProcess = new LlamaModel(BenchSupport.workerParameters(model, CONTEXT, PARALLEL, threads));
        Streamer direct = LlamaBench.directStreamer(inProcess);
        try (Engine engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), k -> null), k -> null)) {
            TetherServer server = new TetherServer(engine).start();
            try {
                String name = model.getFileName().toString().replace(".gguf", "");
                HttpStreamer streamed = new HttpStreamer(server.url(), name);
                for (int i = 0; i < 2; i++) {
                    LlamaBench.measure(direct, "warm", null, tokens);
                    streamed.fresh("question 0", tokens, c -> {});
                }
                List<Sample> d = new ArrayList<>();
                List<Sample> h = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    d.add(LlamaBench.measure(direct, "direct", null, tokens));
                    h.add(LlamaBench.measure(
                            (s, history, max, chunks) -> streamed.fresh("question 0", max, chunks),
                            "http",
                            null,
                            tokens));
                }
                double directRate = LlamaBench.median(d, Sample::tokensPerSecond);
                double httpRate = LlamaBench.median(h, Sample::tokensPerSecond);
                row(label, "direct generate() tok/s (same process)", "%.0f".formatted(directRate));
                row(
                        label,
                        "streamed tok/s",
                        "%.0f (%.0f%% of direct)".formatted(httpRate, 100 * httpRate / directRate));
                row(
                        label,
                        "first token ms: direct / streamed",
                        "%.1f / %.1f"
                                .formatted(
                                        LlamaBench.median(d, Sample::firstTokenMs),
                                        LlamaBench.median(h, Sample::firstTokenMs)));
                Turns turns = turns(streamed, 20);
                row(
                        label,
                        "session first token ms: turn 1 / turn 20",
                        "%.1f / %.1f (%.2fx)".formatted(turns.first(), turns.last(), turns.last() / turns.first()));
                double one = aggregate(streamed, 1, tokens);
                for (int sessions : new int[] {1, 2, 4}) {
                    double rate = sessions == 1 ? one : aggregate(streamed, sessions, tokens);
                    row(
                            label,
                            sessions + " concurrent sessions, aggregate tok/s",
                            "%.0f (%.2fx one)".formatted(rate, rate / one));
                }
            } finally {
                server.stop();
            }
        } finally {
            inProcess.close();
        }
    }

    /** Medians of the first-token times, and the last conversation with its system prompt. */
    record Turns(double first, double last, String session, String systemPrompt) {}

    /**
     * First-token times of turn 1 and turn {@code turns} of a growing session whose own system prompt carries a
     * tool list (about 400 tokens, as the tool loop sends), so turn 1 reads it cold as a new conversation would:
     * the medians over three such sessions, each with a system prompt of its own (so none starts from another's
     * cache).
     */
    static Turns turns(HttpStreamer streamer, int turns) throws Exception {
        List<Double> firsts = new ArrayList<>();
        List<Double> lasts = new ArrayList<>();
        String session = null;
        String systemPrompt = null;
        for (int conversation = 1; conversation <= 3; conversation++) {
            StringBuilder system = new StringBuilder("Conversation ")
                    .append(conversation)
                    .append(". ")
                    .append(LlamaBench.SYSTEM)
                    .append("\n\nYou can call these tools:\n");
            for (String tool : List.of("get_current_time", "weather", "forecast", "web_search", "read_file")) {
                system.append("- ")
                        .append(tool)
                        .append(": returns the ")
                        .append(tool.replace('_', ' '))
                        .append(" for the arguments given; arguments are a JSON object with the fields location, ")
                        .append("timezone, format, query and path where they apply, all strings, none required.\n");
            }
            systemPrompt = system.toString();
            session = streamer.newSession(systemPrompt);
            for (int turn = 1; turn <= turns; turn++) {
                long start = System.nanoTime();
                long[] firstChunk = {0};
                streamer.stream(session, "Turn " + turn + ": what about the weather?", 24, c -> {
                    if (firstChunk[0] == 0) {
                        firstChunk[0] = System.nanoTime();
                    }
                });
                double ms = ((firstChunk[0] == 0 ? System.nanoTime() : firstChunk[0]) - start) / 1e6;
                if (turn == 1) {
                    firsts.add(ms);
                } else if (turn == turns) {
                    lasts.add(ms);
                }
            }
        }
        return new Turns(median(firsts), median(lasts), session, systemPrompt);
    }

    /**
     * Aggregate tokens/s of {@code sessions} concurrent answers, the median of three rounds. A random-weight model
     * ends answers at random, so prompts are first screened for ones that run the full {@code tokens} (fresh session,
     * fixed seed): every session then does the same work and the wall time is not one straggler's. Each round's
     * sessions are created before its clock starts, so it times the answers alone.
     */
    static double aggregate(HttpStreamer streamer, int sessions, int tokens) throws InterruptedException {
        List<String> prompts = new ArrayList<>();
        for (int k = 0; k < 80 && prompts.size() < sessions; k++) {
            if (streamer.fresh("question " + k, tokens, c -> {}) >= tokens) {
                prompts.add("question " + k);
            }
        }
        if (prompts.size() < sessions) {
            throw new IllegalStateException("only " + prompts.size() + " of 80 prompts ran " + tokens + " tokens");
        }
        return medianRate(() -> {
            List<String> ids = prompts.stream().map(p -> streamer.newSession()).toList();
            List<IntSupplier> answers = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                String session = ids.get(i);
                String prompt = prompts.get(i);
                answers.add(() -> streamer.stream(session, prompt, tokens, c -> {}));
            }
            return answers;
        });
    }

    /**
     * Aggregate tokens/s of answers run at once, each on its own thread: the median of three rounds, each round's
     * answers prepared by {@code round} before its clock starts (each returns the tokens it decoded).
     */
    static double medianRate(Supplier<List<IntSupplier>> round) throws InterruptedException {
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<IntSupplier> answers = round.get();
            AtomicInteger total = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (IntSupplier answer : answers) {
                threads.add(Thread.ofPlatform().start(() -> total.addAndGet(answer.getAsInt())));
            }
            for (Thread t : threads) {
                t.join();
            }
            rates.add(total.get() / ((System.nanoTime() - start) / 1e9));
        }
        return median(rates);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void row(String model, String measure, String value) {
        System.out.println("| " + model + " | " + measure + " | " + value + " |");
    }

    private static int intArg(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
    }

    /** Streams answers over HTTP and counts the tokens the {@code done} event reports. */
    record HttpStreamer(String base, String model) {

        String newSession() {
            return newSession(null);
        }

        String newSession(String systemPrompt) {
            String body = systemPrompt == null
                    ? "{}"
                    : JSON.createObjectNode().put("system_prompt", systemPrompt).toString();
            try {
                HttpResponse<String> res = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/sessions"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return JSON.readTree(res.body()).get("session_id").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** The stored messages of a session ({@code GET /sessions/{id}/messages}). */
        JsonNode messages(String session) {
            try {
                return JSON.readTree(HTTP.send(
                                HttpRequest.newBuilder(URI.create(base + "/sessions/" + session + "/messages"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** One answer in a new session, so every measurement reads the same prompt. */
        int fresh(String prompt, int maxTokens, Consumer<String> chunks) {
            return stream(newSession(), prompt, maxTokens, chunks);
        }

        int stream(String session, String prompt, int maxTokens, Consumer<String> chunks) {
            String body = JSON.createObjectNode()
                    .put("session_id", session)
                    .put("prompt", prompt)
                    .put("model_name", model)
                    .set(
                            "options",
                            JSON.createObjectNode()
                                    .put("max_tokens", maxTokens)
                                    .put("temperature", 0.8)
                                    .put("top_p", 0.95)
                                    .put("seed", 1))
                    .toString();
            try {
                HttpResponse<InputStream> res = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/chat/stream"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                    String line;
                    int tokens = 0;
                    while ((line = lines.readLine()) != null) {
                        JsonNode event = JSON.readTree(line);
                        switch (event.get("type").asText()) {
                            case "token" -> chunks.accept(event.at("/data/text").asText());
                            case "done" ->
                                tokens = event.at("/data/usage/completion_tokens")
                                        .asInt();
                            case "error" -> System.err.println("error event: " + event.get("data"));
                            default -> {}
                        }
                    }
                    return tokens;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
