package dev.tether.engine.remote;

import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelProvider;
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
 * {@code send_tool_choice} (default true; false for servers that reject {@code tool_choice}) and
 * {@code tool_format} ({@link RemoteFormat}).
 */
public final class OpenAiProvider implements ModelProvider {

    static final String PROVIDER = "openai";
    private final RemoteClient client;
    private final OpenAiChatClient chat;
    private final boolean sendToolChoice;
    private final RemoteFormat format;
    private final RemoteModelList catalog;

    public OpenAiProvider(Config args) {
        this(args, System::getenv);
    }

    OpenAiProvider(Config args, Function<String, String> environment) {
        if (!args.get("base_url").exists()) {
            throw new IllegalArgumentException(
                    "args.base_url: missing (the server's OpenAI API root, " + "e.g. http://127.0.0.1:8000/v1)");
        }
        RemoteSettings settings = RemoteSettings.from(args, "");
        this.client = new RemoteClient(PROVIDER, settings, authorization(args, environment));
        this.chat = new OpenAiChatClient(client);
        this.sendToolChoice = args.get("send_tool_choice").asBoolean().orElse(true);
        this.format = RemoteFormat.from(args);
        this.catalog = new RemoteModelList(PROVIDER, settings, () -> OpenAiWire.models(client.get("models"), PROVIDER));
    }

    private static Map<String, String> authorization(Config args, Function<String, String> environment) {
        var variable = args.get("api_key_env").asString().filter(s -> !s.isBlank());
        if (variable.isEmpty()) {
            return Map.of();
        }
        String key = environment.apply(variable.get());
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(
                    "args.api_key_env: the environment variable " + variable.get() + " is not set");
        }
        return Map.of("Authorization", "Bearer " + key);
    }

    @Override
    public List<ModelInfo> models() {
        return catalog.models();
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
        RemoteFormat.Output output = format.open(request, events);
        var body = OpenAiWire.chat(format.prompt(request), format.isNative(), sendToolChoice);
        try {
            return chat.stream("chat/completions", body, request.cancel(), output)
                    .result();
        } finally {
            output.finish();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
