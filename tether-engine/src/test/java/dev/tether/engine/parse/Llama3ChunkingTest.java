package dev.tether.engine.parse;

import static dev.tether.engine.parse.NativeParserSteps.characters;
import static dev.tether.engine.parse.NativeParserSteps.chunks;
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

/** Every chunking of a Llama 3 output gives the events of the whole output in one chunk. */
class Llama3ChunkingTest {

    @Provide
    Arbitrary<String> outputs() {
        Arbitrary<String> call =
                Arbitraries.oneOf(NativeOutputs.callJson("parameters"), NativeOutputs.callJson("arguments"));
        Arbitrary<String> separators = Arbitraries.of(";", "; ", "\n", " ", "<|python_tag|>");
        return NativeOutputs.joined(8, NativeOutputs.text(), call, call, separators);
    }

    /** Calls at the start, separated by ";" or newlines, then text: exactly these calls, then exactly the text. */
    @Property(tries = 200)
    void findsEveryLeadingCallAndKeepsTheText(
            @ForAll("leadingCalls") List<NativeOutputs.GeneratedCall> calls,
            @ForAll("separators") String separator,
            @ForAll("text") String text,
            @ForAll("sizes") List<Integer> sizes) {
        List<ModelEvent> expected = new ArrayList<>(
                calls.stream().map(NativeOutputs.GeneratedCall::event).toList());
        String output = String.join(
                separator, calls.stream().map(call -> call.json("parameters")).toList());
        String answer = text.strip();
        if (!answer.isEmpty()) {
            output = output + (calls.isEmpty() ? "" : separator) + answer;
            expected.add(new ModelEvent.Text(answer));
        }
        assertThat(run(new Llama3Parser(32_768), chunks(output, sizes))).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<NativeOutputs.GeneratedCall>> leadingCalls() {
        return NativeOutputs.calls().list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of(";", "; ", "\n", ";\n");
    }

    @Provide
    Arbitrary<String> text() {
        return NativeOutputs.plainText();
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
        List<ModelEvent> whole = run(new Llama3Parser(maxToolChars), List.of(output));
        assertThat(run(new Llama3Parser(maxToolChars), chunks(output, sizes))).isEqualTo(whole);
        assertThat(run(new Llama3Parser(maxToolChars), characters(output))).isEqualTo(whole);
    }
}
