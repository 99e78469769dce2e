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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every chunking of a Hermes output gives the events of the whole output in one chunk. */
class HermesChunkingTest {

    @Provide
    Arbitrary<String> outputs() {
        Arbitrary<String> call =
                NativeOutputs.callJson("arguments").map(json -> "<tool_call>\n" + json + "\n</tool_call>");
        Arbitrary<String> think = NativeOutputs.text().map(t -> "<think>" + t + "</think>");
        Arbitrary<String> markup = Arbitraries.of("<tool_call>", "</tool_call>", "<think>", "</think>");
        return NativeOutputs.joined(8, NativeOutputs.text(), call, think, markup);
    }

    /** Text and calls in any order: exactly these calls come out, and exactly the text. */
    @Property(tries = 200)
    void findsEveryCallAndKeepsEveryWord(@ForAll("pieces") List<Object> pieces, @ForAll("sizes") List<Integer> sizes) {
        StringBuilder output = new StringBuilder();
        List<ModelEvent> expected = new ArrayList<>();
        for (Object piece : pieces) {
            if (piece instanceof NativeOutputs.GeneratedCall call) {
                output.append("<tool_call>\n").append(call.json("arguments")).append("\n</tool_call>");
                expected.add(call.event());
            } else {
                output.append(piece);
                expected.add(new ModelEvent.Text((String) piece));
            }
        }
        assertThat(run(new HermesParser(32_768), chunks(output.toString(), sizes)))
                .isEqualTo(merge(expected));
    }

    @Provide
    Arbitrary<List<Object>> pieces() {
        return Arbitraries.oneOf(NativeOutputs.plainText(), NativeOutputs.calls())
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
        List<ModelEvent> whole = run(new HermesParser(maxToolChars), List.of(output));
        assertThat(run(new HermesParser(maxToolChars), chunks(output, sizes))).isEqualTo(whole);
        assertThat(run(new HermesParser(maxToolChars), characters(output))).isEqualTo(whole);
    }
}
