package dev.tether.engine.llamacpp;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tokenizer.*} metadata a generated model carries: a made-up SentencePiece vocabulary, or a real one
 * copied from one of llama.cpp's vocab-only GGUFs ({@code models/ggml-vocab-*.gguf} in its source tree).
 */
public record Tokenizer(Map<String, Object> metadata) {

    private static final String TOKENS = "tokenizer.ggml.tokens";
    private static final String TYPES = "tokenizer.ggml.token_type";
    private static final String PREFIX = "tokenizer.";

    public Tokenizer {
        if (!(metadata.get(TOKENS) instanceof String[])) {
            throw new IllegalArgumentException("a tokenizer needs " + TOKENS);
        }
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The generated SentencePiece vocabulary of {@code size} tokens that the tiny test models use. */
    public static Tokenizer sentencePiece(int size) {
        return Vocabulary.sentencePiece(size).tokenizer();
    }

    /** Every {@code tokenizer.*} key of a GGUF file but its chat template, with the types the file gives them. */
    public static Tokenizer fromGguf(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return new Tokenizer(new MetadataReader(in).tokenizerKeys());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the vocabulary of " + file, e);
        }
    }

    public int size() {
        return ((String[]) metadata.get(TOKENS)).length;
    }

    /** The id of a token, such as {@code <|im_end|>}. */
    public int id(String token) {
        List<String> tokens = Arrays.asList((String[]) metadata.get(TOKENS));
        int id = tokens.indexOf(token);
        if (id < 0) {
            throw new IllegalArgumentException("no token " + token + " in this vocabulary");
        }
        return id;
    }

    /** This tokenizer with one key set, as a model's converter sets {@code eos_token_id} for a chat model. */
    public Tokenizer with(String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(metadata);
        changed.put(key, value);
        return new Tokenizer(changed);
    }

    /** This tokenizer with token {@code id} renamed and retyped (a GGUF token type: 3 control, 4 user-defined). */
    public Tokenizer withToken(int id, String text, int type) {
        String[] tokens = ((String[]) metadata.get(TOKENS)).clone();
        int[] types = ((int[]) metadata.get(TYPES)).clone();
        tokens[id] = text;
        types[id] = type;
        return with(TOKENS, tokens).with(TYPES, types);
    }

    /** Reads a GGUF header's metadata (little-endian), keeping the {@code tokenizer.*} keys. */
    private record MetadataReader(DataInputStream in) {

        Map<String, Object> tokenizerKeys() throws IOException {
            if (u32() != 0x46554747) {
                throw new IOException("not a GGUF file");
            }
            u32(); // version
            u64(); // tensor count
            long keys = u64();
            Map<String, Object> kept = new LinkedHashMap<>();
            for (long i = 0; i < keys; i++) {
                String key = string();
                Object value = value(u32());
                if (key.startsWith(PREFIX) && !key.equals("tokenizer.chat_template")) {
                    kept.put(key, value);
                }
            }
            return kept;
        }

        private Object value(int type) throws IOException {
            return switch (type) {
                case 4 -> new GgufSink.U32(u32() & 0xffffffffL);
                case 5 -> u32();
                case 6 -> Float.intBitsToFloat(u32());
                case 7 -> in.readUnsignedByte() != 0;
                case 8 -> string();
                case 9 -> array();
                default -> throw new IOException("unexpected GGUF value type " + type + " in a vocabulary");
            };
        }

        private Object array() throws IOException {
            int type = u32();
            int count = Math.toIntExact(u64());
            switch (type) {
                case 8 -> {
                    String[] values = new String[count];
                    for (int i = 0; i < count; i++) {
                        values[i] = string();
                    }
                    return values;
                }
                case 5 -> {
                    int[] values = new int[count];
                    for (int i = 0; i < count; i++) {
                        values[i] = u32();
                    }
                    return values;
                }
                case 6 -> {
                    float[] values = new float[count];
                    for (int i = 0; i < count; i++) {
                        values[i] = Float.intBitsToFloat(u32());
                    }
                    return values;
                }
                default -> throw new IOException("unexpected GGUF array type " + type + " in a vocabulary");
            }
        }

        private String string() throws IOException {
            return new String(in.readNBytes(Math.toIntExact(u64())), StandardCharsets.UTF_8);
        }

        private int u32() throws IOException {
            return Integer.reverseBytes(in.readInt());
        }

        private long u64() throws IOException {
            return Long.reverseBytes(in.readLong());
        }
    }
}
