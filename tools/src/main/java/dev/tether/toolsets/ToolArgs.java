package dev.tether.toolsets;

import dev.tether.configfile.ConfigException;
import dev.tether.tool.ToolContext;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * Typed reads of a tool's {@code args} node with defaults; a value of the wrong type or out of range stops
 * start-up with a {@link ConfigException} naming the full key.
 */
public final class ToolArgs {

    private final String prefix;
    private final Config args;

    private ToolArgs(String prefix, Config args) {
        this.prefix = prefix;
        this.args = args;
    }

    public static ToolArgs of(ToolContext context) {
        return new ToolArgs("tools.registry[" + context.name() + "].args.", context.args());
    }

    public String string(String key, String defaultValue) {
        return read(key, () -> args.get(key).asString().orElse(defaultValue));
    }

    public boolean bool(String key, boolean defaultValue) {
        return read(key, () -> args.get(key).asBoolean().orElse(defaultValue));
    }

    public long positiveLong(String key, long defaultValue) {
        long value = read(key, () -> args.get(key).asLong().orElse(defaultValue));
        if (value <= 0) {
            throw invalid(key, "must be positive, got " + value);
        }
        return value;
    }

    public int positiveInt(String key, int defaultValue) {
        long value = positiveLong(key, defaultValue);
        if (value > Integer.MAX_VALUE) {
            throw invalid(key, "is too large: " + value);
        }
        return (int) value;
    }

    public Duration seconds(String key, long defaultSeconds) {
        return Duration.ofSeconds(positiveLong(key, defaultSeconds));
    }

    /** A list of strings without blank ones; a single string is a list of one. */
    public List<String> strings(String key) {
        Config node = args.get(key);
        if (!node.exists()) {
            return List.of();
        }
        List<String> values = read(
                key,
                () -> node.isLeaf()
                        ? List.of(node.asString().orElse(""))
                        : node.asList(String.class).orElse(List.of()));
        return values.stream().filter(v -> !v.isBlank()).toList();
    }

    public ConfigException invalid(String key, String problem) {
        return new ConfigException(prefix + key, problem);
    }

    private <T> T read(String key, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (io.helidon.config.ConfigException e) {
            throw invalid(key, "invalid value (" + e.getMessage() + ")");
        }
    }
}
