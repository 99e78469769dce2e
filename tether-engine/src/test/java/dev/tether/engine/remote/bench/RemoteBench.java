package dev.tether.engine.remote.bench;

import com.sun.net.httpserver.HttpServer;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.remote.OllamaProvider;
import dev.tether.engine.remote.OpenAiProvider;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * What the remote providers cost on top of the remote engine: a loopback server streams {@code TOKENS} one-token
 * chunks as fast as it can (Ollama NDJSON and OpenAI SSE), and the provider's output goes through its parser.
 * Prints tokens/s and the time to the first chunk. Usage: {@code bench/java-main tether-engine
 * dev.tether.engine.remote.bench.RemoteBench [TOKENS] [RUNS]}.
 */
public final class RemoteBench {

    private RemoteBench() {}

    public static void main(String[] args) throws Exception {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] ollama = body(
                tokens,
                "{\"message\":{\"role\":\"assistant\",\"content\":\"tok \"},\"done\":false}\n",
                "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\"}\n");
        byte[] openai = body(
                tokens,
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \"}}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        serve(server, "/api/chat", "application/x-ndjson", ollama);
        serve(server, "/v1/chat/completions", "text/event-stream", openai);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (ModelProvider o = new OllamaProvider(args(base, "m"));
                ModelProvider v = new OpenAiProvider(args(base + "/v1", "m"))) {
            System.out.printf("%d one-token chunks per answer, %d runs after a warm-up, loopback%n", tokens, runs);
            measure("ollama (NDJSON)", o, tokens, runs);
            measure("openai (SSE)", v, tokens, runs);
        } finally {
            server.stop(0);
        }
    }

    private static void measure(String name, ModelProvider provider, int tokens, int runs) {
        run(provider, tokens);
        double best = 0;
        double firstMs = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            double[] r = run(provider, tokens);
            best = Math.max(best, r[0]);
            firstMs = Math.min(firstMs, r[1]);
        }
        System.out.printf("%-16s %,10.0f tokens/s (best)   first chunk after %.2f ms (best)%n", name, best, firstMs);
    }

    /** One answer: {tokens/s, ms to the first chunk}. */
    private static double[] run(ModelProvider provider, int tokens) {
        long start = System.nanoTime();
        long[] first = {0};
        int[] events = {0};
        provider.generate(
                new GenerationRequest(
                        "m",
                        List.of(Message.system("s"), Message.user("go")),
                        List.of(),
                        ChatOptions.DEFAULT,
                        new Cancellation(),
                        null),
                chunk -> {
                    if (first[0] == 0) {
                        first[0] = System.nanoTime();
                    }
                    events[0]++;
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (events[0] != tokens) {
            throw new IllegalStateException("expected " + tokens + " text events, got " + events[0]);
        }
        return new double[] {tokens / seconds, (first[0] - start) / 1e6};
    }

    private static byte[] body(int tokens, String line, String end) {
        return (line.repeat(tokens) + end).getBytes(StandardCharsets.UTF_8);
    }

    private static void serve(HttpServer server, String path, String type, byte[] body) {
        server.createContext(path, exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    private static Config args(String baseUrl, String model) {
        return Config.just(ConfigSources.create(Map.of("base_url", baseUrl, "models.0", model)));
    }
}
