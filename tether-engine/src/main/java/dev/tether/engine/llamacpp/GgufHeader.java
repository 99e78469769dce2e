package dev.tether.engine.llamacpp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a GGUF file says about itself, read without its weights: the metadata (large arrays left out, except the
 * token list needed to name the BOS/EOS tokens), the parameter count summed over the tensor shapes, the file size.
 */
record GgufHeader(int version, Map<String, Object> metadata, List<String> tokens, long parameterCount, long fileSize) {

    /** Encoder-only architectures: they make embeddings and cannot chat. */
    private static final Set<String> ENCODERS = Set.of(
            "bert",
            "nomic-bert",
            "nomic-bert-moe",
            "jina-bert-v2",
            "jina-bert-v3",
            "modern-bert",
            "neo-bert",
            "eurobert",
            "t5encoder",
            "gemma-embedding");

    GgufHeader {
        metadata = Map.copyOf(metadata);
        tokens = List.copyOf(tokens);
    }

    Optional<String> string(String key) {
        return metadata.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    Optional<Long> number(String key) {
        return metadata.get(key) instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    Optional<Boolean> flag(String key) {
        return metadata.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }

    String architecture() {
        return string("general.architecture").orElse("unknown");
    }

    /** The training context length ({@code <arch>.context_length}), 0 if absent. */
    long contextLength() {
        return number(architecture() + ".context_length").orElse(0L);
    }

    Optional<String> chatTemplate() {
        return string("tokenizer.chat_template");
    }

    Optional<String> token(String idKey) {
        return number(idKey).filter(id -> id >= 0 && id < tokens.size()).map(id -> tokens.get(id.intValue()));
    }

    /**
     * The pooling llama-server's {@code --pooling} takes when this is an embedding model: the header's
     * {@code <arch>.pooling_type}, else {@code mean} for an encoder architecture; empty for a chat model.
     */
    Optional<String> pooling() {
        Optional<String> declared = number(architecture() + ".pooling_type").flatMap(GgufHeader::poolingName);
        if (declared.isPresent()) {
            return declared;
        }
        return ENCODERS.contains(architecture()) ? Optional.of("mean") : Optional.empty();
    }

    /** llama.cpp's {@code llama_pooling_type} values; {@code none} (0) pools nothing, so it is no embedding model. */
    private static Optional<String> poolingName(long type) {
        return switch ((int) type) {
            case 1 -> Optional.of("mean");
            case 2 -> Optional.of("cls");
            case 3 -> Optional.of("last");
            case 4 -> Optional.of("rank");
            default -> Optional.empty();
        };
    }

    /** The quantization named the way llama.cpp names {@code general.file_type}. */
    String quantization() {
        return number("general.file_type").map(GgufHeader::fileTypeName).orElse("unknown");
    }

    /** The facts {@code GET /models/{name}} shows. */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("format", "gguf");
        details.put("architecture", architecture());
        details.put("quantization", quantization());
        details.put("parameters", parameterCount);
        details.put("context_length", contextLength());
        details.put("file_size", fileSize);
        string("general.name").ifPresent(n -> details.put("display_name", n));
        return details;
    }

    static String fileTypeName(long type) {
        return switch ((int) type) {
            case 0 -> "F32";
            case 1 -> "F16";
            case 2 -> "Q4_0";
            case 3 -> "Q4_1";
            case 7 -> "Q8_0";
            case 8 -> "Q5_0";
            case 9 -> "Q5_1";
            case 10 -> "Q2_K";
            case 11 -> "Q3_K_S";
            case 12 -> "Q3_K_M";
            case 13 -> "Q3_K_L";
            case 14 -> "Q4_K_S";
            case 15 -> "Q4_K_M";
            case 16 -> "Q5_K_S";
            case 17 -> "Q5_K_M";
            case 18 -> "Q6_K";
            case 19 -> "IQ2_XXS";
            case 20 -> "IQ2_XS";
            case 21 -> "Q2_K_S";
            case 22 -> "IQ3_XS";
            case 23 -> "IQ3_XXS";
            case 24 -> "IQ1_S";
            case 25 -> "IQ4_NL";
            case 26 -> "IQ3_S";
            case 27 -> "IQ3_M";
            case 28 -> "IQ2_S";
            case 29 -> "IQ2_M";
            case 30 -> "IQ4_XS";
            case 31 -> "IQ1_M";
            case 32 -> "BF16";
            case 36 -> "TQ1_0";
            case 37 -> "TQ2_0";
            default -> "type " + type;
        };
    }
}
