package dev.tether.tool;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a tool's constructor may take: its registry name, its {@code args} config node, the data directory for
 * state it keeps (indexes), the environment (a function so tests can supply their own), and the embedding models
 * Tether runs.
 */
public record ToolContext(
        String name, Config args, Path dataDir, Function<String, String> environment, LocalEmbeddings embeddings) {

    /** A context without local embedding models. */
    public ToolContext(String name, Config args, Path dataDir, Function<String, String> environment) {
        this(name, args, dataDir, environment, LocalEmbeddings.NONE);
    }

    public Optional<String> env(String variable) {
        return Optional.ofNullable(environment.apply(variable)).filter(v -> !v.isBlank());
    }
}
