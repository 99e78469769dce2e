package dev.tether.engine.parse;

import static dev.tether.engine.parse.NativeParserSteps.characters;
import static dev.tether.engine.parse.NativeParserSteps.chunks;
import static dev.tether.engine.parse.ParserRuns.merge;
import static dev.tether.engine.parse.ParserRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every chunking of a Mistral output gives the events of the whole output in one chunk. */
class MistralChunkingTest {

    @Provide
    Arbitrary<String> outputs() {
        Arbitrary<String> list = NativeOutputs.callJson("arguments")
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(calls -> "[TOOL_CALLS][" + String.join(", ", calls) + "]");
        Arbitrary<String> named = Combinators.combine(NativeOutputs.names(), NativeOutputs.arguments())
                .as((name, args) -> "[TOOL_CALLS]" + name + "[CALL_ID]a1b2c3d4e[ARGS]" + args);
        Arbitrary<String> markup = Arbitraries.of("[TOOL_CALLS]", "[ARGS]", "[CALL_ID]");
        return NativeOutputs.joined(8, NativeOutputs.text(), list, named, markup);
    }

    /** Text and lists of calls in any order: exactly these calls come out, and exactly the text. */
    @Property(tries = 200)
    void findsEveryCallAndKeepsEveryWord(@ForAll("pieces") List<Object> pieces, @ForAll("sizes") List<Integer> sizes) {
        StringBuilder output = new StringBuilder();
        List<ModelEvent> expected = new ArrayList<>();
        for (Object piece : pieces) {
            if (piece instanceof List<?> calls) {
                output.append("[TOOL_CALLS][");
                for (int i = 0; i < calls.size(); i++) {
                    NativeOutputs.GeneratedCall call = (NativeOutputs.GeneratedCall) calls.get(i);
                    output.append(i == 0 ? "" : ", ").append(call.json("arguments"));
                    expected.add(call.event());
                }
                output.append("]");
            } else {
                output.append(piece);
                expected.add(new ModelEvent.Text((String) piece));
            }
        }
        assertThat(run(new MistralParser(32_768), chunks(output.toString(), sizes)))
                .isEqualTo(merge(expected));
    }

    @Provide
    Arbitrary<List<Object>> pieces() {
        return Arbitraries.oneOf(
                        NativeOutputs.plainText(),
                        NativeOutputs.calls().list().ofMinSize(1).ofMaxSize(3))
                .list()
                .ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return NativeOutputs.chunkSizes();
    }

    @Property(tries = 300)
    void chunkingNeverChangesTheEvents(
            @ForAll("outputs") String output,
            @ForAll("sizes") List<Integer> sizes,
            @ForAll @IntRange(min = 30, max = 300) int maxToolChars) {
        List<ModelEvent> whole = run(new MistralParser(maxToolChars), List.of(output));
        assertThat(run(new MistralParser(maxToolChars), chunks(output, sizes))).isEqualTo(whole);
        assertThat(run(new MistralParser(maxToolChars), characters(output))).isEqualTo(whole);
    }
}
