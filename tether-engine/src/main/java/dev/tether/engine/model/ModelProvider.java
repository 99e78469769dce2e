package dev.tether.engine.model;

import dev.tether.engine.parse.ToolFormat;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A source of model text: the llama.cpp engine, a script, or a remote engine. Implementations are built from
 * config by {@code ProviderFactory} and have a public constructor taking the provider's {@code args} node
 * ({@link io.helidon.config.Config}).
 */
public interface ModelProvider extends AutoCloseable {

    /** Every model this provider can serve now. */
    List<ModelInfo> models();

    default Optional<ModelInfo> model(String name) {
        return models().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The tool-call format {@code model} writes: it decides the parser and the tool instructions. */
    ToolFormat toolFormat(String model);

    /**
     * Streams the model's raw text for {@code request} to {@code chunks}, blocking until the model stops, hits a
     * limit, or {@code request.cancel()} is set (then it returns promptly with {@code CANCELLED}).
     *
     * @throws dev.tether.engine.EngineException when the model cannot run (unknown, failed to load, crashed)
     */
    GenerationResult generate(GenerationRequest request, Consumer<String> chunks);

    /**
     * The exact prompt text the engine would tokenize for {@code request} (the chat template applied, tools
     * included), without generating.
     *
     * @throws dev.tether.engine.EngineException {@code BAD_REQUEST} ({@code template_unsupported}) where the
     *                                           provider does not render prompts itself (remote and scripted ones)
     */
    default String renderPrompt(String model, PromptRequest request) {
        throw dev.tether.engine.EngineException.badRequest("template_unsupported",
                "the provider of " + model + " does not render chat templates itself");
    }

    /** Frees what {@code model} holds; false if it was not loaded. */
    default boolean unload(String model) {
        return false;
    }

    /** Whether the provider can take requests now (for readiness). */
    default boolean ready() {
        return true;
    }

    @Override
    default void close() {
    }
}
