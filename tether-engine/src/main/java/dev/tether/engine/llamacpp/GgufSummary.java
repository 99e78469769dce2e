package dev.tether.engine.llamacpp;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What decides whether a GGUF model can run before it is downloaded: its architecture, quantization, parameter
 * count, training context and the bytes one token of context takes in an F16 KV cache (0 when the header does not
 * say enough to tell).
 */
public record GgufSummary(
        String architecture, String quantization, long parameters, long contextLength, long kvBytesPerToken) {

    /** Reads the header at the start of {@code in}, which may end soon after it (a range of a remote file). */
    public static GgufSummary read(InputStream in, long fileSize, GgufLimits limits) throws IOException {
        return of(GgufReader.readWithoutTokens(in, fileSize, limits));
    }

    static GgufSummary of(GgufHeader header) {
        return new GgufSummary(
                header.architecture(),
                header.quantization(),
                header.parameterCount(),
                header.contextLength(),
                kvBytesPerToken(header));
    }

    /** layers × KV heads × (key width + value width) × 2 bytes, as llama.cpp's default F16 cache holds them. */
    static long kvBytesPerToken(GgufHeader header) {
        String a = header.architecture() + ".";
        long layers = header.number(a + "block_count").orElse(0L);
        long heads = largest(header, a + "attention.head_count");
        long headsKv = largest(header, a + "attention.head_count_kv");
        long embedding = header.number(a + "embedding_length").orElse(0L);
        if (headsKv == 0) {
            headsKv = heads;
        }
        long headWidth = heads > 0 ? embedding / heads : 0;
        long keyWidth = header.number(a + "attention.key_length").orElse(headWidth);
        long valueWidth = header.number(a + "attention.value_length").orElse(headWidth);
        return layers * headsKv * (keyWidth + valueWidth) * 2;
    }

    /** A per-layer list (as some models give head counts) counts by its largest entry. */
    private static long largest(GgufHeader header, String key) {
        Object value = header.metadata().get(key);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof List<?> list) {
            return list.stream()
                    .filter(Number.class::isInstance)
                    .mapToLong(v -> ((Number) v).longValue())
                    .max()
                    .orElse(0);
        }
        return 0;
    }
}
