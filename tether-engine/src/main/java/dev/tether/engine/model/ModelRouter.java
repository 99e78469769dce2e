package dev.tether.engine.model;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All configured providers behind one name space: a model name picks the provider that serves it; the first
 * model of the first provider is the default.
 */
public final class ModelRouter implements AutoCloseable {

    private final List<ModelProvider> providers;

    public ModelRouter(List<ModelProvider> providers) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("at least one provider");
        }
        this.providers = List.copyOf(providers);
    }

    public List<ModelInfo> models() {
        List<ModelInfo> all = new ArrayList<>();
        for (ModelProvider p : providers) {
            all.addAll(p.models());
        }
        return all;
    }

    /** Whether a chat can run on {@code name}: a model served now that is not an embedding model. */
    public boolean chats(String name) {
        return find(name).filter(m -> !m.embedding()).isPresent();
    }

    public Optional<ModelInfo> find(String name) {
        for (ModelProvider p : providers) {
            Optional<ModelInfo> m = p.model(name);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /** The model used when a request names none: the first chat model. */
    public String defaultModel() {
        return providers.stream()
                .flatMap(p -> p.models().stream())
                .filter(m -> !m.embedding())
                .findFirst()
                .map(ModelInfo::name)
                .orElseThrow(() -> new EngineException(ErrorCode.NO_MODEL, "no model is available"));
    }

    /** The models that make embeddings, in provider order; a provider that cannot list its models now offers none. */
    public List<ModelInfo> embeddingModels() {
        List<ModelInfo> found = new ArrayList<>();
        for (ModelProvider p : providers) {
            try {
                p.models().stream().filter(ModelInfo::embedding).forEach(found::add);
            } catch (EngineException e) {
                // a remote engine that is down has no local embedding models to offer anyway
            }
        }
        return found;
    }

    /** One vector per input from the embedding model {@code model}. */
    public Embeddings embed(String model, List<String> inputs) {
        return providerFor(model).embed(model, inputs);
    }

    /** The provider serving {@code model}; NOT_FOUND ({@code model_not_found}) if none does. */
    public ModelProvider providerFor(String model) {
        for (ModelProvider p : providers) {
            if (p.serves(model)) {
                return p;
            }
        }
        throw new EngineException(ErrorCode.MODEL_NOT_FOUND, "unknown model: " + model);
    }

    /** The prompt {@code model}'s engine would tokenize for {@code request}; NOT_FOUND if the model is unknown. */
    public String renderPrompt(String model, PromptRequest request) {
        return providerFor(model).renderPrompt(model, request);
    }

    /** Unloads {@code model}; NOT_FOUND if unknown, false if it was not loaded. */
    public boolean unload(String model) {
        return providerFor(model).unload(model);
    }

    public boolean ready() {
        return providers.stream().allMatch(ModelProvider::ready);
    }

    public List<ModelProvider> providers() {
        return providers;
    }

    @Override
    public void close() {
        providers.forEach(ModelProvider::close);
    }
}
