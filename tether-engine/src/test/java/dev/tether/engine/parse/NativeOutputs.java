package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of model outputs in the native tool-call formats, for the chunking properties. */
final class NativeOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeOutputs() {}

    /** Text with the characters that matter to the parsers, including emoji (surrogate pairs). */
    static Arbitrary<String> text() {
        Arbitrary<String> chars =
                Arbitraries.strings().withChars("ab <>{}[]\"\\/|_;:\n").ofMaxLength(8);
        Arbitrary<String> special = Arbitraries.of(
                "é",
                "😀",
                "日本",
                "<",
                "{",
                "[",
                "<tool",
                "<think",
                "</tool_call>",
                "[TOOL_",
                "<|python",
                "[ARGS]",
                "{\"name\"",
                "}",
                "]");
        return Arbitraries.oneOf(chars, special);
    }

    /** A JSON arguments object whose string values hold quotes, braces, tags and emoji. */
    static Arbitrary<ObjectNode> arguments() {
        Arbitrary<String> keys = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5);
        Arbitrary<String> values = Arbitraries.strings()
                .withChars("xy \"{}[]<>\\/\n")
                .ofMaxLength(8)
                .map(s -> s + (s.length() % 3 == 0 ? "😀" : ""));
        return Combinators.combine(keys.list().ofMaxSize(3), values.list().ofSize(3))
                .as((ks, vs) -> {
                    ObjectNode node = JSON.createObjectNode();
                    for (int i = 0; i < ks.size(); i++) {
                        node.put(ks.get(i), vs.get(i));
                    }
                    return node;
                });
    }

    static Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcdefgh_").ofMinLength(1).ofMaxLength(8);
    }

    /** {@code {"name": …, "<argumentsKey>": {…}}} as a model writes it. */
    static Arbitrary<String> callJson(String argumentsKey) {
        return Combinators.combine(names(), arguments())
                .as((name, args) -> "{\"name\": \"" + name + "\", \"" + argumentsKey + "\": " + args + "}");
    }

    /** Joins up to {@code max} pieces drawn from {@code pieces}. */
    @SafeVarargs
    static Arbitrary<String> joined(int max, Arbitrary<String>... pieces) {
        return Arbitraries.oneOf(List.of(pieces)).list().ofMaxSize(max).map(list -> String.join("", list));
    }

    /** Text that contains no markup character, so every call in an output built with it is known. */
    static Arbitrary<String> plainText() {
        return Arbitraries.strings()
                .withChars("abc xyz.,!?é\n")
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(s -> !s.isBlank());
    }

    /** A generated call: what the parser must report. */
    record GeneratedCall(String name, ObjectNode arguments) {
        String json(String argumentsKey) {
            return "{\"name\": \"" + name + "\", \"" + argumentsKey + "\": " + arguments + "}";
        }

        ModelEvent event() {
            return new ModelEvent.Call(name, arguments);
        }
    }

    static Arbitrary<GeneratedCall> calls() {
        return Combinators.combine(names(), arguments()).as(GeneratedCall::new);
    }

    /** How an output is cut into chunks: sizes used in turn. */
    static Arbitrary<List<Integer>> chunkSizes() {
        return Arbitraries.integers().between(1, 6).list().ofMinSize(1).ofMaxSize(8);
    }
}
