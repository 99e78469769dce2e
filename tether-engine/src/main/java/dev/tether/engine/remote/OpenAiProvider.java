package dev.tether.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.parse.ToolFormat;
import io.helidon.config.Config;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Models served by any OpenAI-compatible server (llama.cpp's llama-server, vLLM, LM Studio, …):
 * {@code chat/completions} streamed as server-sent events with native {@code tools}, models listed from
 * {@code models}. Args: those of {@link RemoteSettings} ({@code base_url} is required and ends in {@code /v1}),
 * {@code api_key_env} (the environment variable holding the key sent as a bearer token) and
 * {@code send_tool_choice} (default true; false for servers that reject {@code tool_choice}).
 */
public final class OpenAiProvider implements ModelProvider {

    static final String PROVIDER = "openai";
    private static final String DATA = "data:";

    private final RemoteClient client;
    private final boolean sendToolChoice;
    private final ModelCatalog catalog;

    public OpenAiProvider(Config args) {
        this(args, System::getenv);
    }

    OpenAiProvider(Config args, Function<String, String> environment) {
        if (!args.get("base_url").exists()) {
            throw new IllegalArgumentException("args.base_url: missing (the server's OpenAI API root, "
                    + "e.g. http://127.0.0.1:8000/v1)");
        }
        RemoteSettings settings = RemoteSettings.from(args, "");
        this.client = new RemoteClient(PROVIDER, settings, authorization(args, environment));
        this.sendToolChoice = args.get("send_tool_choice").asBoolean().orElse(true);
        this.catalog = new ModelCatalog(PROVIDER, settings, () -> OpenAiWire.models(client.get("models"), PROVIDER));
    }

    private static Map<String, String> authorization(Config args, Function<String, String> environment) {
        var variable = args.get("api_key_env").asString().filter(s -> !s.isBlank());
        if (variable.isEmpty()) {
            return Map.of();
        }
        String key = environment.apply(variable.get());
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("args.api_key_env: the environment variable " + variable.get()
                    + " is not set");
        }
        return Map.of("Authorization", "Bearer " + key);
    }

    @Override
    public List<ModelInfo> models() {
        return catalog.models();
    }

    @Override
    public ToolFormat toolFormat(String model) {
        return NativeFormat.INSTANCE;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Consumer<String> chunks) {
        ToolCallDeltas calls = new ToolCallDeltas(client.what());
        FinishReason reason = null;
        Usage usage = Usage.ZERO;
        long start = System.nanoTime();
        long firstToken = 0;
        try (LineStream stream = client.post("chat/completions", OpenAiWire.chat(request, sendToolChoice),
                request.cancel())) {
            for (String line = stream.next(); line != null; line = stream.next()) {
                if (!line.startsWith(DATA)) {
                    continue; // blank separators, comments, event names
                }
                String data = line.substring(DATA.length()).strip();
                if (data.equals("[DONE]")) {
                    break;
                }
                JsonNode chunk = client.parse(data);
                if (chunk.has("error")) {
                    throw client.failed(RemoteClient.errorMessage(data));
                }
                if (chunk.path("usage").isObject()) {
                    usage = usage(chunk.path("usage"));
                }
                JsonNode choice = chunk.path("choices").path(0);
                if (emit(choice.path("delta"), calls, chunks) && firstToken == 0) {
                    firstToken = System.nanoTime();
                }
                if (choice.path("finish_reason").isTextual()) {
                    reason = finishReason(choice.path("finish_reason").asText());
                    calls.drain().forEach(chunks);
                }
            }
            if (stream.cancelled()) {
                return new GenerationResult(FinishReason.CANCELLED, usage);
            }
            if (reason == null) {
                throw client.protocol("ended the stream before the answer was done");
            }
            calls.drain().forEach(chunks);
            return new GenerationResult(reason, timed(usage, start, firstToken));
        }
    }

    /** Passes on what one delta carries; true if it carried any output. */
    private static boolean emit(JsonNode delta, ToolCallDeltas calls, Consumer<String> chunks) {
        boolean any = false;
        for (String field : List.of("reasoning_content", "reasoning")) {
            String thinking = text(delta.path(field));
            if (!thinking.isEmpty()) {
                chunks.accept(NativeFormat.thinking(thinking));
                any = true;
            }
        }
        String content = text(delta.path("content"));
        if (!content.isEmpty()) {
            chunks.accept(NativeFormat.text(content));
            any = true;
        }
        if (delta.path("tool_calls").isArray()) {
            calls.add(delta.path("tool_calls"));
            any = true;
        }
        return any;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : "";
    }

    private static FinishReason finishReason(String wire) {
        return "length".equals(wire) ? FinishReason.LENGTH : FinishReason.STOP;
    }

    private static Usage usage(JsonNode usage) {
        return new Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0), 0, 0);
    }

    /** OpenAI reports no timings: the wait for the first output stands for the prompt's time. */
    private static Usage timed(Usage usage, long start, long firstToken) {
        long end = System.nanoTime();
        long first = firstToken == 0 ? end : firstToken;
        return new Usage(usage.promptTokens(), usage.completionTokens(), (first - start) / 1_000_000,
                (end - first) / 1_000_000);
    }

    @Override
    public void close() {
        client.close();
    }
}
