package dev.tether.engine.model;

import java.util.Map;
import java.util.Objects;

/** A model a provider can serve; {@code details} holds what is known (file size, quantization, context length…). */
public record ModelInfo(String name, String provider, boolean loaded, Map<String, Object> details) {
    public ModelInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The {@code kind} detail of a model that makes embeddings and is never offered for chat. */
    public static final String EMBEDDING = "embedding";

    /** Whether this model makes embeddings rather than chat answers. */
    public boolean embedding() {
        return EMBEDDING.equals(details.get("kind"));
    }
}
