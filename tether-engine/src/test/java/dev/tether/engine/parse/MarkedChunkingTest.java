package dev.tether.engine.parse;

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

/** Every chunking of an output in a marker-based format gives the events of the whole output in one chunk. */
class MarkedChunkingTest {

    private static final List<String> FORMATS = List.of("deepseek", "command-r7b", "granite", "functionary-v3.1");

    /** A call written as {@code format}'s model writes it (granite's runs to the end, so it comes last). */
    private static String written(String format, NativeOutputs.GeneratedCall call) {
        return switch (format) {
            case "deepseek" ->
                "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>" + call.name() + "<｜tool▁sep｜>" + call.arguments()
                        + "<｜tool▁call▁end｜><｜tool▁calls▁end｜>";
            case "command-r7b" ->
                "<|START_ACTION|>[{\"tool_call_id\": \"0\", \"tool_name\": \"" + call.name() + "\", \"parameters\": "
                        + call.arguments() + "}]<|END_ACTION|>";
            case "granite" -> "<|tool_call|>[" + call.json("arguments") + "]";
            default -> "<function=" + call.name() + ">" + call.arguments() + "</function>";
        };
    }

    @Property(tries = 300)
    void findsEveryCallAndKeepsEveryWord(
            @ForAll("formats") String format,
            @ForAll("pieces") List<Object> pieces,
            @ForAll("sizes") List<Integer> sizes) {
        StringBuilder output = new StringBuilder();
        List<ModelEvent> expected = new ArrayList<>();
        for (Object piece : pieces) {
            if (piece instanceof NativeOutputs.GeneratedCall call) {
                if (format.equals("granite") && piece != pieces.getLast()) {
                    continue;
                }
                output.append(written(format, call));
                expected.add(call.event());
            } else {
                output.append(piece);
                expected.add(new ModelEvent.Text((String) piece));
            }
        }
        ToolFormat tool = ToolFormats.byName(format);
        assertThat(run(tool.newParser(32_768), chunks(output.toString(), sizes)))
                .isEqualTo(merge(expected));
    }

    @Property(tries = 300)
    void chunkingNeverChangesTheEvents(
            @ForAll("formats") String format,
            @ForAll("outputs") String output,
            @ForAll("sizes") List<Integer> sizes,
            @ForAll @IntRange(min = 10, max = 300) int maxToolChars) {
        ToolFormat tool = ToolFormats.byName(format);
        assertThat(run(tool.newParser(maxToolChars), chunks(output, sizes)))
                .isEqualTo(run(tool.newParser(maxToolChars), List.of(output)));
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of(FORMATS);
    }

    @Provide
    Arbitrary<List<Object>> pieces() {
        return Arbitraries.oneOf(NativeOutputs.plainText(), NativeOutputs.calls())
                .list()
                .ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> outputs() {
        Arbitrary<String> markup = Arbitraries.of(
                "<｜tool▁call▁begin｜>",
                "<｜tool▁sep｜>",
                "<｜tool▁call▁end｜>",
                "<|START_ACTION|>",
                "<|END_ACTION|>",
                "<|START_THINKING|>",
                "<|END_THINKING|>",
                "<think>",
                "</think>",
                "<|tool_call|>",
                "<function=",
                "</function>",
                "<|START_RESPONSE|>",
                ">");
        Arbitrary<String> json = NativeOutputs.callJson("arguments");
        return NativeOutputs.joined(10, NativeOutputs.text(), markup, json);
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return NativeOutputs.chunkSizes();
    }
}
