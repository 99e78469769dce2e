package dev.tether.engine.model;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A source of model output: the llama.cpp engine, a script, or a remote engine. Implementations are built from
 * config by {@code ProviderFactory} and have a public constructor taking the provider's {@code args} node
 * ({@link io.helidon.config.Config}). Providers that produce plain text implement {@code parse.TextModelProvider}.
 */
public interface ModelProvider extends AutoCloseable {

    /** Every model this provider can serve now. */
    List<ModelInfo> models();

    default Optional<ModelInfo> model(String name) {
        return models().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Whether this provider serves {@code name}; asked on every request, so answered from a cached catalog. */
    default boolean serves(String name) {
        return model(name).isPresent();
    }

    /**
     * Streams the model's output for {@code request} to {@code events} as typed events, blocking until the model
     * stops, hits a limit, or {@code request.cancel()} is set (then it returns promptly with {@code CANCELLED}).
     * The request's messages are the plain history; teaching the offered tools is the provider's job.
     *
     * @throws dev.tether.engine.error.EngineException when the model cannot run (unknown, failed to load, crashed)
     */
    GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events);

    /**
     * The exact prompt text the engine would tokenize for {@code request} (the chat template applied, tools
     * included), without generating.
     *
     * @throws dev.tether.engine.error.EngineException {@code BAD_REQUEST} ({@code template_unsupported}) where the
     *                                           provider does not render prompts itself (remote and scripted ones)
     */
    default String renderPrompt(String model, PromptRequest request) {
        throw new EngineException(
                ErrorCode.TEMPLATE_UNSUPPORTED, "the provider of " + model + " does not render chat templates itself");
    }

    /**
     * One vector per input from the embedding model {@code model}.
     *
     * @throws dev.tether.engine.error.EngineException {@code embeddings_unsupported} where the provider computes
     *                                           none, {@code not_an_embedding_model} for a chat model
     */
    default Embeddings embed(String model, List<String> inputs) {
        throw new EngineException(
                ErrorCode.EMBEDDINGS_UNSUPPORTED, "the provider of " + model + " does not compute embeddings");
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
    default void close() {}
}
