package dev.tether.engine.parse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static dev.tether.engine.parse.NativeParserSteps.characters;
import static dev.tether.engine.parse.NativeParserSteps.chunks;
import static dev.tether.engine.parse.ParseEvents.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Every chunking of a Mistral output gives the events of the whole output in one chunk. */
class MistralChunkingTest {

    @Provide
    Arbitrary<String> outputs() {
        Arbitrary<String> list = NativeOutputs.callJson("arguments").list().ofMinSize(1).ofMaxSize(3)
                .map(calls -> "[TOOL_CALLS][" + String.join(", ", calls) + "]");
        Arbitrary<String> named = Combinators.combine(NativeOutputs.names(), NativeOutputs.arguments())
                .as((name, args) -> "[TOOL_CALLS]" + name + "[CALL_ID]a1b2c3d4e[ARGS]" + args);
        Arbitrary<String> markup = Arbitraries.of("[TOOL_CALLS]", "[ARGS]", "[CALL_ID]");
        return NativeOutputs.joined(8, NativeOutputs.text(), list, named, markup);
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return NativeOutputs.chunkSizes();
    }

    @Property(tries = 300)
    void chunkingNeverChangesTheEvents(@ForAll("outputs") String output, @ForAll("sizes") List<Integer> sizes,
                                       @ForAll @IntRange(min = 30, max = 300) int maxToolChars) {
        List<ParseEvent> whole = run(new MistralParser(maxToolChars), List.of(output));
        assertThat(run(new MistralParser(maxToolChars), chunks(output, sizes))).isEqualTo(whole);
        assertThat(run(new MistralParser(maxToolChars), characters(output))).isEqualTo(whole);
    }
}
