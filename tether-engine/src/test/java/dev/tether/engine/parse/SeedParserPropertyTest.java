package dev.tether.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The events of a stream never depend on how it was chunked. */
class SeedParserPropertyTest {

    @Property(tries = 400)
    void everyChunkingGivesTheEventsOfOneChunk(@ForAll("outputs") String output, @ForAll long seed) {
        List<ModelEvent> expected = ParserRuns.run(ToolFormats.SEED.newParser(120), List.of(output));
        List<ModelEvent> chunked = ParserRuns.run(ToolFormats.SEED.newParser(120), randomChunks(output, seed));
        assertThat(chunked).isEqualTo(expected);
    }

    @Property(tries = 200)
    void visibleTextNeverContainsACompleteCall(@ForAll("outputs") String output) {
        List<ModelEvent> events = ParserRuns.run(ToolFormats.SEED.newParser(120), List.of(output));
        events.stream()
                .filter(e -> e instanceof ModelEvent.Text)
                .map(e -> ((ModelEvent.Text) e).text())
                .forEach(text -> assertThat(text).doesNotContainPattern("<<function_call>>\\s*\\{\"name\":\"t\\d\""));
    }

    @Provide
    Arbitrary<String> outputs() {
        Arbitrary<String> text =
                Arbitraries.strings().withChars("ab <>{}\"\\\n😀é").ofMaxLength(12);
        Arbitrary<String> call = Combinators.combine(
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.strings().withChars("x{}\"\\ é😀").ofMaxLength(10),
                        Arbitraries.of("", " ", "\n  "))
                .as((n, value, space) -> "<<function_call>>" + space + "{\"name\":\"t" + n + "\",\"arguments\":{\"v\":"
                        + jsonString(value) + "}}");
        Arbitrary<String> think = text.map(t -> "<think>" + t + "</think>");
        Arbitrary<String> broken = Arbitraries.of(
                "<<function_call>>",
                "<<function_call>> {",
                "<<func",
                "<think>",
                "</think>",
                "<<function_call>> {\"name\":",
                "<<function_call>>{\"name\":\"" + "z".repeat(130) + "\"}");
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, text), net.jqwik.api.Tuple.of(3, call),
                net.jqwik.api.Tuple.of(1, think), net.jqwik.api.Tuple.of(1, broken));
        return piece.list().ofMaxSize(8).map(parts -> String.join("", parts));
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> randomChunks(String output, long seed) {
        Random random = new Random(seed);
        List<String> chunks = new ArrayList<>();
        int i = 0;
        while (i < output.length()) {
            int end = Math.min(output.length(), i + 1 + random.nextInt(6));
            if (end < output.length() && Character.isLowSurrogate(output.charAt(end))) {
                end++;
            }
            chunks.add(output.substring(i, end));
            i = end;
        }
        return chunks;
    }
}
