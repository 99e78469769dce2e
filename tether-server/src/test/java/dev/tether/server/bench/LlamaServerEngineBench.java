package dev.tether.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.GgufWriter;
import dev.tether.engine.llamacpp.LlamaCppBuild;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.engine.llamacpp.bench.LlamaBench;
import dev.tether.engine.llamacpp.bench.LlamaBench.Sample;
import dev.tether.engine.llamacpp.bench.LlamaBench.Streamer;
import dev.tether.server.TetherServer;
import dev.tether.server.bench.ChatStreamLlamaBench.HttpStreamer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The llama-server engine through the whole server against the same llama-server child streamed directly (same
 * process, same threads, alternating runs): tokens/s and first-token overhead, turn 1 against turn 20 of a session,
 * 4 concurrent sessions against one, and the embedded engine's row beside it. Before the first model's figures,
 * {@code --warmup N} answers (default 300) through each path run unmeasured, so both are timed as in a server that
 * has been running (compiled by the JIT), not as in one that has just started.
 * Usage: {@code bench/llama-server-engine [--tokens N] [--threads N] [--rounds N] [--warmup N] [--skip-100m]}.
 */
public final class LlamaServerEngineBench {

    private static final String QUESTION = "question 0";
    private static final int SLOTS = 4; // parallel: 4 below

    private LlamaServerEngineBench() {}

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int tokens = intArg(options, "--tokens", 128);
        int threads = intArg(options, "--threads", Runtime.getRuntime().availableProcessors());
        int rounds = intArg(options, "--rounds", 6);
        int warmup = intArg(options, "--warmup", 300);
        System.out.println("| model | measure | value |");
        System.out.println("|---|---|---|");
        Bench bench = new Bench(tokens, threads, rounds, warmup);
        bench.model("tiny", TestModels.tiny(), true);
        bench = new Bench(tokens, threads, rounds, 0); // the JVM stays warm
        if (!options.contains("--skip-100m")) {
            bench.model("100M", TestModels.generate(GgufWriter.Spec.small(), "tether-100m.gguf"), true);
        }
        if (LlamaCppBuild.available()) {
            bench.model("qwen3 (25 MB)", TestModels.qwen3(), false);
        }
        System.exit(0); // the embedded binding's native threads would keep the JVM alive
    }

    private record Bench(int tokens, int threads, int rounds, int warmup) {

        void model(String label, Path model, boolean embeddedLoads) throws Exception {
            try (Tether tether = Tether.start(model, "llama-server", threads)) {
                HttpStreamer streamed = new HttpStreamer(tether.server().url(), tether.name());
                streamed.fresh(QUESTION, 4, c -> {}); // loads the model: starts its llama-server
                Streamer direct = DirectLlamaServer.of(model).streamer(QUESTION);
                Streamer http = freshSessions(streamed, rounds + SLOTS);
                List<Sample> d = new ArrayList<>();
                List<Sample> h = new ArrayList<>();
                for (int i = 0; i < warmup; i++) {
                    streamed.fresh(QUESTION, tokens, c -> {});
                    direct.stream(null, List.of(), tokens, c -> {});
                }
                LlamaBench.measure(direct, "warm", null, tokens);
                // a new session takes the slot used longest ago: warm every slot, as a server that has run a while has
                for (int i = 0; i < SLOTS; i++) {
                    LlamaBench.measure(http, "warm", null, tokens);
                }
                for (int i = 0; i < rounds; i++) {
                    Sample through = LlamaBench.measure(http, "http", null, tokens);
                    h.add(through);
                    d.add(LlamaBench.measure(direct, "direct", null, Math.max(2, through.tokens())));
                }
                double directRate = LlamaBench.median(d, Sample::tokensPerSecond);
                double httpRate = LlamaBench.median(h, Sample::tokensPerSecond);
                double directFirst = LlamaBench.median(d, Sample::firstTokenMs);
                double httpFirst = LlamaBench.median(h, Sample::firstTokenMs);
                row(label, "tokens per answer (median)", "%.0f".formatted(LlamaBench.median(h, Sample::tokens)));
                row(label, "llama-server direct, tok/s", "%.0f".formatted(directRate));
                row(
                        label,
                        "llama-server engine via POST /chat/stream, tok/s",
                        "%.0f (%.2f of direct)".formatted(httpRate, httpRate / directRate));
                row(
                        label,
                        "first token ms: direct / via Tether (overhead)",
                        "%.1f / %.1f (%+.1f ms)".formatted(directFirst, httpFirst, httpFirst - directFirst));
                ChatStreamLlamaBench.Turns turns = ChatStreamLlamaBench.turns(streamed, 20);
                row(
                        label,
                        "session first token ms: turn 1 / turn 20 (medians of 3 sessions)",
                        "%.1f / %.1f (%.2fx)".formatted(turns.first(), turns.last(), turns.last() / turns.first()));
                double[] prep = llamaServersOwnWork(DirectLlamaServer.of(model), streamed, turns);
                row(
                        label,
                        "llama-server's own render + tokenize of the conversation, ms: turn 1 / turn 20",
                        "%.2f / %.2f".formatted(prep[0], prep[1]));
                double one = ChatStreamLlamaBench.aggregate(streamed, 1, tokens);
                double four = ChatStreamLlamaBench.aggregate(streamed, 4, tokens);
                row(
                        label,
                        "aggregate tok/s: 1 session / 4 sessions",
                        "%.0f / %.0f (%.2fx)".formatted(one, four, four / one));
                double directOne = concurrently(direct, 1, tokens);
                double directFour = concurrently(direct, 4, tokens);
                row(
                        label,
                        "llama-server direct, aggregate tok/s: 1 stream / 4 streams (what the machine allows)",
                        "%.0f / %.0f (%.2fx)".formatted(directOne, directFour, directFour / directOne));
            }
            embedded(label, model, embeddedLoads);
        }

        private void embedded(String label, Path model, boolean loads) throws Exception {
            if (!loads) {
                row(label, "embedded engine via POST /chat/stream", "cannot load it (unknown model architecture)");
                return;
            }
            try (Tether tether = Tether.start(model, "embedded", threads)) {
                HttpStreamer streamed = new HttpStreamer(tether.server().url(), tether.name());
                Streamer http = freshSessions(streamed, rounds + 1);
                LlamaBench.measure(http, "warm", null, tokens);
                List<Sample> e = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    e.add(LlamaBench.measure(http, "embedded", null, tokens));
                }
                row(
                        label,
                        "embedded engine via POST /chat/stream, tok/s / first token ms",
                        "%.0f / %.1f"
                                .formatted(
                                        LlamaBench.median(e, Sample::tokensPerSecond),
                                        LlamaBench.median(e, Sample::firstTokenMs)));
            }
        }
    }

    /**
     * What llama-server itself does for every request, before any token, in proportion to the conversation: render
     * it with the model's template and tokenize it (medians of five, through its {@code /apply-template} and
     * {@code /tokenize}), for the first and the last turn of the measured conversation.
     */
    private static double[] llamaServersOwnWork(
            DirectLlamaServer direct, HttpStreamer streamed, ChatStreamLlamaBench.Turns turns) {
        List<JsonNode> stored = new ArrayList<>();
        streamed.messages(turns.session()).forEach(stored::add);
        int lastUser = 0;
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).path("role").asText().equals("user")) {
                lastUser = i;
            }
        }
        double first = direct.renderAndTokenizeMs(turns.systemPrompt(), stored.subList(0, 1));
        double last = direct.renderAndTokenizeMs(turns.systemPrompt(), stored.subList(0, lastUser + 1));
        return new double[] {first, last};
    }

    /** Tokens per second of {@code streams} answers streamed at once, the median of three rounds. */
    private static double concurrently(Streamer streamer, int streams, int tokens) throws InterruptedException {
        return ChatStreamLlamaBench.medianRate(
                () -> Collections.nCopies(streams, () -> streamer.stream(null, List.of(), tokens, c -> {})));
    }

    /**
     * Each answer in a new session created beforehand, so a measurement times the answer alone (not also the
     * {@code POST /sessions} before it) and reads the same prompt as the direct run.
     */
    private static Streamer freshSessions(HttpStreamer streamed, int count) {
        java.util.Deque<String> sessions = new java.util.ArrayDeque<>();
        for (int i = 0; i < count; i++) {
            sessions.add(streamed.newSession());
        }
        return (s, history, max, chunks) -> streamed.stream(sessions.pop(), QUESTION, max, chunks);
    }

    /** Tether on one model and engine: a config file, a SQLite file, the engine and the HTTP server on port 0. */
    private record Tether(Engine engine, TetherServer server, String name) implements AutoCloseable {

        static Tether start(Path model, String engineName, int threads) throws Exception {
            Path dir = Files.createTempDirectory("tether-engine-bench");
            Path config = dir.resolve("tether.yml");
            Files.writeString(config, """
                    port: 0
                    data_dir: "%s"
                    system: { prompt: "%s" }
                    providers:
                      model:
                        impl: llamacpp
                        args: { model: "%s", engine: %s, parallel: 4, n_ctx: 4096, threads: %d }
                      session_store: { url: "jdbc:sqlite:%s" }
                    tools: { enabled: [] }
                    """.formatted(
                            dir, LlamaBench.SYSTEM, model, engineName, threads, dir.resolve("tether.db")));
            Engine engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), k -> null), k -> null);
            TetherServer server = new TetherServer(engine).start();
            return new Tether(engine, server, model.getFileName().toString().replace(".gguf", ""));
        }

        @Override
        public void close() {
            try {
                server.stop();
            } finally {
                engine.close();
            }
        }
    }

    private static void row(String model, String measure, String value) {
        System.out.println("| " + model + " | " + measure + " | " + value + " |");
    }

    private static int intArg(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
    }
}
