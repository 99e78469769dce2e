package dev.tether.engine.llamacpp.bench;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.args.LogFormat;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.llamacpp.BenchSupport;
import dev.tether.engine.llamacpp.GgufWriter;
import dev.tether.engine.llamacpp.LlamaCppProvider;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Streaming through the llamacpp provider (worker process, protocol, template) against a direct {@code generate()}
 * loop in this process, on generated models: tokens/s, first-token time, first-token time at turn 1 and turn 20 of
 * one session, and aggregate tokens/s of 1, 2 and 4 concurrent sessions. Prints a Markdown table.
 * <p>
 * Usage: {@code bench/llama [--with-100m] [--tokens N] [--threads N]}. {@link #measure} takes any
 * {@link Streamer}, so the same figures can be taken through the HTTP server.
 */
public final class LlamaBench {

    /** Streams one answer to {@code history} in session {@code session}; returns the completion tokens. */
    public interface Streamer {
        int stream(String session, List<Message> history, int maxTokens, Consumer<String> chunks);
    }

    /** One measured answer. */
    public record Sample(int tokens, double firstTokenMs, double tokensPerSecond) {}

    public static final String SYSTEM = "You are Tether, a helpful assistant running on the user's machine.";
    private static final int PARALLEL = 4;
    private static final int CONTEXT = 4096;
    private static final int ROUNDS = 5;

    private LlamaBench() {}

    public static void main(String[] args) throws Exception {
        boolean big = List.of(args).contains("--with-100m");
        int tokens = intArg(args, "--tokens", 128);
        int threads = intArg(args, "--threads", Runtime.getRuntime().availableProcessors());
        System.out.println("| model | measure | value |");
        System.out.println("|---|---|---|");
        run("tiny", TestModels.tiny(), tokens, threads);
        if (big) {
            Path file = TestModels.generate(GgufWriter.Spec.small(), "tether-100m.gguf");
            run("100M", file, Math.min(tokens, 64), threads);
        }
        System.exit(0); // the binding's native thread would keep the JVM alive
    }

    private static void run(String label, Path file, int tokens, int threads) throws Exception {
        LlamaModel.setLogger(LogFormat.TEXT, (level, text) -> {});
        LlamaModel inProcess = new LlamaModel(BenchSupport.workerParameters(file, CONTEXT, PARALLEL, threads));
        Streamer direct = directStreamer(inProcess);
        String model = file.getFileName().toString().replace(".gguf", "");
        try (LlamaCppProvider provider = new LlamaCppProvider(Config.just(ConfigSources.create(Map.of(
                "engine",
                "embedded",
                "model",
                file.toString(),
                "parallel",
                String.valueOf(PARALLEL),
                "n_ctx",
                String.valueOf(CONTEXT),
                "threads",
                String.valueOf(threads),
                "max_queued",
                "16"))))) {
            Streamer streamed = providerStreamer(provider, model);
            // warm up both paths (JIT, caches), then alternate them so machine load hits both alike
            for (int i = 0; i < 2; i++) {
                measure(direct, "s", history(0), tokens);
                measure(streamed, "s", history(0), tokens);
            }
            List<Sample> d = new ArrayList<>();
            List<Sample> p = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                d.add(measure(direct, "s", history(0), tokens));
                p.add(measure(streamed, "s", history(0), tokens));
            }
            double directRate = median(d, Sample::tokensPerSecond);
            double streamedRate = median(p, Sample::tokensPerSecond);
            row(label, "direct generate() tok/s", "%.0f".formatted(directRate));
            row(
                    label,
                    "streamed via provider tok/s",
                    "%.0f (%.0f%% of direct)".formatted(streamedRate, 100 * streamedRate / directRate));
            row(
                    label,
                    "first token ms: direct / provider",
                    "%.1f / %.1f".formatted(median(d, Sample::firstTokenMs), median(p, Sample::firstTokenMs)));
            double[] turns = session(streamed, 20);
            row(
                    label,
                    "session first token ms: turn 1 / turn 20",
                    "%.1f / %.1f (%.2fx)".formatted(turns[0], turns[1], turns[1] / turns[0]));
            concurrency(label, streamed, tokens);
            row(label, "tokens decoded after cancel (max of 5)", String.valueOf(cancels(provider, model)));
        }
    }

    /**
     * Aggregate tokens/s of 1, 2 and 4 sessions. A random-weight model ends answers at random; prompts are first
     * screened for ones that run the full {@code tokens}, so every session does the same work and the wall time is
     * not one straggler's.
     */
    private static void concurrency(String label, Streamer streamer, int tokens) throws InterruptedException {
        List<Integer> prompts = new ArrayList<>();
        for (int k = 0; k < 60 && prompts.size() < 4; k++) {
            if (streamer.stream("screen", history(k), tokens, c -> {}) >= tokens) {
                prompts.add(k);
            }
        }
        int[] sessions = {1, 2, 4};
        List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < sessions.length; i++) {
                rates.get(i).add(aggregate(streamer, prompts, sessions[i], tokens));
            }
        }
        double one = median(rates.get(0), r -> r);
        for (int i = 0; i < sessions.length; i++) {
            double rate = median(rates.get(i), r -> r);
            row(
                    label,
                    sessions[i] + " concurrent sessions, aggregate tok/s",
                    "%.0f (%.2fx one)".formatted(rate, rate / one));
        }
    }

    /** Times one answer: first chunk, and tokens/s after it. */
    public static Sample measure(Streamer streamer, String session, List<Message> history, int maxTokens) {
        long start = System.nanoTime();
        long[] first = {0};
        int n = streamer.stream(session, history, maxTokens, c -> {
            if (first[0] == 0) {
                first[0] = System.nanoTime();
            }
        });
        long end = System.nanoTime();
        long firstAt = first[0] == 0 ? end : first[0];
        double rate = n > 1 && end > firstAt ? (n - 1) / ((end - firstAt) / 1e9) : 0;
        return new Sample(n, (firstAt - start) / 1e6, rate);
    }

    private static Streamer providerStreamer(LlamaCppProvider provider, String model) {
        return (session, history, maxTokens, chunks) -> {
            GenerationResult r = provider.generate(
                    new GenerationRequest(
                            model,
                            history,
                            List.of(),
                            new ChatOptions(maxTokens, 0.8, 0.95, 1L, List.of(), null, null),
                            new Cancellation(),
                            session),
                    event -> {
                        if (event instanceof ModelEvent.Text text) {
                            chunks.accept(text.text());
                        }
                    });
            return r.usage().completionTokens();
        };
    }

    /** A {@code generate()} loop on an in-process model, the baseline every streamed figure is compared with. */
    public static Streamer directStreamer(LlamaModel model) {
        String prompt = "<|im_start|>system\n" + SYSTEM + "<|im_end|>\n<|im_start|>user\nquestion 0<|im_end|>\n"
                + "<|im_start|>assistant\n";
        return (session, history, maxTokens, chunks) -> {
            InferenceParameters p = new InferenceParameters(prompt)
                    .setNPredict(maxTokens)
                    .setTemperature(0.8f)
                    .setTopP(0.95f)
                    .setSeed(1)
                    .setCachePrompt(true);
            LlamaIterator it = model.generate(p).iterator();
            int n = 0;
            while (it.hasNext()) {
                LlamaOutput out = it.next();
                if (it.hasNext()) {
                    n++;
                    chunks.accept(out.text);
                }
            }
            return n;
        };
    }

    /** A session as the tool loop sends it: the system prompt carries the tool descriptions (about 400 tokens). */
    private static double[] session(Streamer streamer, int turns) {
        StringBuilder system = new StringBuilder(SYSTEM).append("\n\nYou can call these tools:\n");
        for (String tool : List.of("get_current_time", "weather", "forecast", "web_search", "read_file")) {
            system.append("- ")
                    .append(tool)
                    .append(": returns the ")
                    .append(tool.replace('_', ' '))
                    .append(" for the arguments given; arguments are a JSON object with the fields location, ")
                    .append("timezone, format, query and path where they apply, all strings, none required.\n");
        }
        system.append("To call a tool, write <<function_call>> followed by {\"name\": ..., \"arguments\": {...}}.");
        List<Message> history = new ArrayList<>(List.of(Message.system(system.toString())));
        double first = 0;
        double last = 0;
        for (int turn = 1; turn <= turns; turn++) {
            history.add(Message.user("Turn " + turn + ": what about the weather?"));
            StringBuilder answer = new StringBuilder();
            long start = System.nanoTime();
            long[] firstChunk = {0};
            streamer.stream("session-long", history, 24, c -> {
                if (firstChunk[0] == 0) {
                    firstChunk[0] = System.nanoTime();
                }
                answer.append(c);
            });
            double ms = ((firstChunk[0] == 0 ? System.nanoTime() : firstChunk[0]) - start) / 1e6;
            history.add(Message.assistant(answer.toString(), List.of(), null));
            if (turn == 1) {
                first = ms;
            }
            last = ms;
        }
        return new double[] {first, last};
    }

    private static double aggregate(Streamer streamer, List<Integer> prompts, int sessions, int tokens)
            throws InterruptedException {
        AtomicInteger total = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < sessions; s++) {
            String id = "concurrent-" + sessions + "-" + s;
            List<Message> history = history(prompts.isEmpty() ? s : prompts.get(s % prompts.size()));
            threads.add(
                    Thread.ofPlatform().start(() -> total.addAndGet(streamer.stream(id, history, tokens, c -> {}))));
        }
        for (Thread t : threads) {
            t.join();
        }
        return total.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static int cancels(LlamaCppProvider provider, String model) {
        int worst = 0;
        for (int i = 0; i < 5; i++) {
            Cancellation cancel = new Cancellation();
            AtomicInteger seen = new AtomicInteger();
            provider.generate(
                    new GenerationRequest(
                            model,
                            history(i),
                            List.of(),
                            new ChatOptions(500, 0.8, null, (long) i, List.of(), null, null),
                            cancel,
                            "cancel"),
                    c -> {
                        if (seen.incrementAndGet() == 5) {
                            cancel.cancel();
                        }
                    });
            worst = Math.max(worst, BenchSupport.lastTokensAfterCancel(provider, model));
        }
        return worst;
    }

    private static List<Message> history(int n) {
        return List.of(Message.system(SYSTEM), Message.user("question " + n));
    }

    public static <T> double median(List<T> values, java.util.function.ToDoubleFunction<T> of) {
        double[] sorted = values.stream().mapToDouble(of).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static void row(String model, String measure, String value) {
        System.out.println("| " + model + " | " + measure + " | " + value + " |");
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
