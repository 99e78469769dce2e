package dev.tether.engine.llamacpp;

import dev.tether.configfile.ConfigException;
import io.helidon.config.Config;

/**
 * What the GGUF header reader may keep of an untrusted file: the longest string, the longest array (the
 * vocabulary is the longest real one, 262,144 tokens for Gemma 3), and the bytes kept in all (strings plus a small
 * charge per kept value). A header that breaks one is refused with an {@code IOException} naming the cap, so a
 * hostile file is listed with an error instead of exhausting the heap.
 */
public record GgufLimits(long maxStringBytes, long maxArrayLength, long maxKeptBytes) {

    public static final GgufLimits DEFAULT = new GgufLimits(1L << 20, 4L << 20, 64L << 20);

    public GgufLimits {
        if (maxStringBytes < 1 || maxArrayLength < 1 || maxKeptBytes < 1) {
            throw new IllegalArgumentException("GGUF limits must be positive");
        }
    }

    /** {@code header_max_string_bytes}, {@code header_max_array_length}, {@code header_max_kept_bytes} of {@code args}. */
    public static GgufLimits from(Config args) {
        return new GgufLimits(
                positive(args, "header_max_string_bytes", DEFAULT.maxStringBytes),
                positive(args, "header_max_array_length", DEFAULT.maxArrayLength),
                positive(args, "header_max_kept_bytes", DEFAULT.maxKeptBytes));
    }

    private static long positive(Config args, String key, long fallback) {
        long value = args.get(key).asLong().orElse(fallback);
        if (value < 1) {
            throw new ConfigException(LlamaSettings.KEY + "." + key, "must be at least 1, not " + value);
        }
        return value;
    }
}
