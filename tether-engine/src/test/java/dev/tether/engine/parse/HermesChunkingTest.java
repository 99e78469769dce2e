package dev.tether.engine.parse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static dev.tether.engine.parse.NativeParserSteps.characters;
import static dev.tether.engine.parse.NativeParserSteps.chunks;
import static dev.tether.engine.parse.ParseEvents.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Every chunking of a Hermes output gives the events of the whole output in one chunk. */
class HermesChunkingTest {

    @Provide
    Arbitrary<String> outputs() {
        Arbitrary<String> call = NativeOutputs.callJson("arguments").map(json -> "<tool_call>\n" + json + "\n</tool_call>");
        Arbitrary<String> think = NativeOutputs.text().map(t -> "<think>" + t + "</think>");
        Arbitrary<String> markup = Arbitraries.of("<tool_call>", "</tool_call>", "<think>", "</think>");
        return NativeOutputs.joined(8, NativeOutputs.text(), call, think, markup);
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return NativeOutputs.chunkSizes();
    }

    @Property(tries = 300)
    void chunkingNeverChangesTheEvents(@ForAll("outputs") String output, @ForAll("sizes") List<Integer> sizes,
                                       @ForAll @IntRange(min = 30, max = 300) int maxToolChars) {
        List<ParseEvent> whole = run(new HermesParser(maxToolChars), List.of(output));
        assertThat(run(new HermesParser(maxToolChars), chunks(output, sizes))).isEqualTo(whole);
        assertThat(run(new HermesParser(maxToolChars), characters(output))).isEqualTo(whole);
    }
}
