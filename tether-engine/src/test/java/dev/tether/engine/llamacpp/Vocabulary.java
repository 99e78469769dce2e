package dev.tether.engine.llamacpp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A SentencePiece-style ("llama") vocabulary: unknown, BOS and EOS, the 256 byte tokens, ChatML and tool-call
 * markers, printable characters, then words and letter groups built so every piece is a merge of two others.
 */
record Vocabulary(String[] tokens, float[] scores, int[] types) {

    static final int UNK = 0;
    static final int BOS = 1;
    static final int EOS = 2;

    private static final int NORMAL = 1;
    private static final int UNKNOWN = 2;
    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;
    private static final int BYTE = 6;
    private static final String SPACE = "\u2581";
    private static final List<String> WORDS = List.of(
            "the",
            "and",
            "tool",
            "call",
            "time",
            "weather",
            "hello",
            "world",
            "you",
            "what",
            "is",
            "it",
            "to",
            "of",
            "in",
            "for",
            "on",
            "with",
            "as",
            "at",
            "this",
            "that",
            "name",
            "arguments",
            "today",
            "now",
            "please",
            "thanks",
            "answer",
            "question",
            "model",
            "session");

    int size() {
        return tokens.length;
    }

    /** The GGUF metadata of this vocabulary. */
    Tokenizer tokenizer() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", "llama");
        m.put("tokenizer.ggml.tokens", tokens);
        m.put("tokenizer.ggml.scores", scores);
        m.put("tokenizer.ggml.token_type", types);
        m.put("tokenizer.ggml.unknown_token_id", new GgufSink.U32(UNK));
        m.put("tokenizer.ggml.bos_token_id", new GgufSink.U32(BOS));
        m.put("tokenizer.ggml.eos_token_id", new GgufSink.U32(EOS));
        m.put("tokenizer.ggml.add_bos_token", true);
        m.put("tokenizer.ggml.add_eos_token", false);
        return new Tokenizer(m);
    }

    static Vocabulary sentencePiece(int size) {
        List<String> pieces = new ArrayList<>();
        List<Integer> kinds = new ArrayList<>();
        add(pieces, kinds, "<unk>", UNKNOWN);
        add(pieces, kinds, "<s>", CONTROL);
        add(pieces, kinds, "</s>", CONTROL);
        for (int b = 0; b < 256; b++) {
            add(pieces, kinds, String.format("<0x%02X>", b), BYTE);
        }
        add(pieces, kinds, "<|im_start|>", CONTROL);
        add(pieces, kinds, "<|im_end|>", CONTROL);
        add(pieces, kinds, "<tool_call>", USER_DEFINED);
        add(pieces, kinds, "</tool_call>", USER_DEFINED);
        for (String piece : normalPieces()) {
            if (pieces.size() >= size) {
                break;
            }
            add(pieces, kinds, piece, NORMAL);
        }
        if (pieces.size() < size) {
            throw new IllegalArgumentException("vocabulary size " + size + " is larger than this generator makes");
        }
        String[] tokens = pieces.toArray(String[]::new);
        float[] scores = new float[tokens.length];
        int[] types = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            types[i] = kinds.get(i);
            scores[i] = types[i] == NORMAL ? -i : 0f;
        }
        return new Vocabulary(tokens, scores, types);
    }

    private static void add(List<String> pieces, List<Integer> kinds, String piece, int kind) {
        pieces.add(piece);
        kinds.add(kind);
    }

    /** Pieces in order of preference; each longer one is a shorter one plus a character, so merges reach it. */
    private static Set<String> normalPieces() {
        Set<String> pieces = new LinkedHashSet<>();
        pieces.add(SPACE);
        for (char c = 33; c < 127; c++) {
            pieces.add(String.valueOf(c));
        }
        for (char c = 'a'; c <= 'z'; c++) {
            pieces.add(SPACE + c);
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            pieces.add(SPACE + c);
        }
        for (String word : WORDS) {
            for (int end = 2; end <= word.length(); end++) {
                pieces.add(SPACE + word.substring(0, end));
            }
        }
        for (char a = 'a'; a <= 'z'; a++) {
            for (char b = 'a'; b <= 'z'; b++) {
                pieces.add(SPACE + a + b);
                pieces.add("" + a + b);
            }
        }
        for (char a = 'a'; a <= 'z'; a++) {
            for (char b = 'a'; b <= 'z'; b++) {
                for (char c = 'a'; c <= 'z'; c++) {
                    pieces.add(SPACE + a + b + c);
                }
            }
        }
        return pieces;
    }
}
