package dev.tether.engine.model;

import java.util.List;

/** One vector per input, in input order, and how many tokens the inputs took. */
public record Embeddings(List<float[]> vectors, int promptTokens) {
    public Embeddings {
        vectors = List.copyOf(vectors);
    }
}
