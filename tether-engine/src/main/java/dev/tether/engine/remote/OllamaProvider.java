package dev.tether.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelProvider;
import io.helidon.config.Config;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Models served by an Ollama server: {@code /api/chat} streamed as NDJSON with native {@code tools}, models listed
 * from {@code /api/tags}. Args: those of {@link RemoteSettings} ({@code base_url} defaults to
 * {@code http://127.0.0.1:11434}), {@code keep_alive} (how long Ollama keeps a model loaded: seconds or
 * a duration like {@code 10m}), {@code think} (sent as Ollama's {@code think} when set) and {@code tool_format}
 * ({@link RemoteFormat}).
 */
public final class OllamaProvider implements ModelProvider {

    static final String PROVIDER = "ollama";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemoteClient client;
    private final JsonNode keepAlive;
    private final Boolean think;
    private final RemoteFormat format;
    private final RemoteModelList catalog;

    public OllamaProvider(Config args) {
        RemoteSettings settings = RemoteSettings.from(args, "http://127.0.0.1:11434");
        this.client = new RemoteClient(PROVIDER, settings, Map.of());
        this.keepAlive = OllamaWire.keepAlive(args.get("keep_alive").asString().orElse(null));
        this.think = args.get("think").asBoolean().asOptional().orElse(null);
        this.format = RemoteFormat.from(args);
        this.catalog =
                new RemoteModelList(PROVIDER, settings, () -> OllamaWire.models(client.get("api/tags"), PROVIDER));
    }

    @Override
    public List<ModelInfo> models() {
        return catalog.models();
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
        long start = System.nanoTime();
        RemoteFormat.Output output = format.open(request, events);
        try (LineStream stream = client.post(
                "api/chat",
                OllamaWire.chat(format.prompt(request), format.isNative(), keepAlive, think),
                request.cancel())) {
            for (String line = stream.next(); line != null; line = stream.next()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode chunk = client.parse(line);
                if (chunk.path("error").isTextual()) {
                    throw client.failed(chunk.path("error").asText());
                }
                emit(chunk.path("message"), output);
                if (chunk.path("done").asBoolean(false)) {
                    return new GenerationResult(finishReason(chunk), usage(chunk));
                }
            }
            if (stream.cancelled()) {
                return new GenerationResult(FinishReason.CANCELLED, new Usage(0, 0, 0, elapsedMs(start)));
            }
            throw client.protocol("ended the stream before the answer was done");
        } finally {
            output.finish();
        }
    }

    private static void emit(JsonNode message, RemoteFormat.Output output) {
        String thinking = text(message.path("thinking"));
        if (!thinking.isEmpty()) {
            output.thinking(thinking);
        }
        String content = text(message.path("content"));
        if (!content.isEmpty()) {
            output.text(content);
        }
        if (!output.takesCalls()) {
            return;
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            JsonNode arguments = function.path("arguments");
            if (!function.path("name").isTextual()) {
                output.call(new ModelEvent.InvalidCall("a tool call from ollama has no name"));
            } else if (arguments.isObject() || arguments.isMissingNode() || arguments.isNull()) {
                output.call(new ModelEvent.Call(
                        function.path("name").asText(),
                        arguments.isObject() ? (ObjectNode) arguments : JSON.createObjectNode()));
            } else {
                output.call(
                        new ModelEvent.InvalidCall("the arguments of a tool call from ollama are not a JSON object"));
            }
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : "";
    }

    private static FinishReason finishReason(JsonNode done) {
        return "length".equals(done.path("done_reason").asText()) ? FinishReason.LENGTH : FinishReason.STOP;
    }

    private static Usage usage(JsonNode done) {
        return new Usage(
                done.path("prompt_eval_count").asInt(0),
                done.path("eval_count").asInt(0),
                done.path("prompt_eval_duration").asLong(0) / 1_000_000,
                done.path("eval_duration").asLong(0) / 1_000_000);
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Asks Ollama to drop the model from memory now ({@code keep_alive: 0}). */
    @Override
    public boolean unload(String model) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("keep_alive", 0);
        try (LineStream stream = client.post("api/generate", body, new Cancellation())) {
            stream.rest(Integer.MAX_VALUE);
            return true;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
