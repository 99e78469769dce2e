package dev.tether.tool;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a tool's constructor may take: its registry name, its {@code args} config node, the data directory for
 * state it keeps (indexes), and the environment (a function so tests can supply their own).
 */
public record ToolContext(String name, Config args, Path dataDir, Function<String, String> environment) {

    public Optional<String> env(String variable) {
        return Optional.ofNullable(environment.apply(variable)).filter(v -> !v.isBlank());
    }
}
