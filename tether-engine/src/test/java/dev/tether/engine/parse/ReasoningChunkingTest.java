package dev.tether.engine.parse;

import static dev.tether.engine.parse.NativeParserSteps.chunks;
import static dev.tether.engine.parse.ParserRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.model.ModelEvent;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every chunking of an output in a format with its own reasoning markers (Mistral {@code [THINK]}, harmony channels,
 * MiniMax) gives the events of the whole output in one chunk, and reasoning text never becomes answer text.
 */
class ReasoningChunkingTest {

    @Property(tries = 400)
    void chunkingNeverChangesTheEvents(
            @ForAll("formats") String format,
            @ForAll("outputs") String output,
            @ForAll("sizes") List<Integer> sizes,
            @ForAll @IntRange(min = 3, max = 300) int maxToolChars) {
        ToolFormat tool = ToolFormats.byName(format);
        assertThat(run(tool.newParser(maxToolChars), chunks(output, sizes)))
                .isEqualTo(run(tool.newParser(maxToolChars), List.of(output)));
    }

    /** Found by the property above: a dropped header's end was read differently one character at a time. */
    @net.jqwik.api.Example
    void anOverLongHarmonyHeaderIsDroppedAloneHoweverItArrives() {
        String output = "<|channel|><|start|>assistant";
        ToolFormat harmony = ToolFormats.byName("harmony");
        List<ModelEvent> whole = run(harmony.newParser(3), List.of(output));

        assertThat(whole).hasSize(2).allMatch(ModelEvent.InvalidCall.class::isInstance);
        assertThat(run(harmony.newParser(3), chunks(output, List.of(1)))).isEqualTo(whole);
    }

    /** Found by the property above: an end marker after another was skipped only when both arrived together. */
    @net.jqwik.api.Example
    void aStrayHarmonyEndMarkerIsSkippedHoweverItArrives() {
        String output = "é<|end|><|call|>é";
        ToolFormat harmony = ToolFormats.byName("harmony");

        assertThat(run(harmony.newParser(3), List.of(output))).containsExactly(new ModelEvent.Text("éé"));
        assertThat(run(harmony.newParser(3), chunks(output, List.of(1)))).containsExactly(new ModelEvent.Text("éé"));
    }

    @Property(tries = 200)
    void reasoningNeverReachesTheAnswer(
            @ForAll("formats") String format, @ForAll("outputs") String inside, @ForAll("sizes") List<Integer> sizes) {
        String secret = "SECRET";
        String output = switch (format) {
            case "mistral" -> "[THINK]" + secret + strip(inside, "[/THINK]") + "[/THINK]ok";
            case "harmony" ->
                "<|channel|>analysis<|message|>" + secret
                        + strip(
                                inside,
                                HarmonyParser.END,
                                HarmonyParser.CALL,
                                HarmonyParser.RETURN,
                                HarmonyParser.START)
                        + "<|end|><|start|>assistant<|channel|>final<|message|>ok";
            case "minimax-m2" -> "<think>" + secret + strip(inside, "</think>") + "</think>ok";
            default -> "<mm:think>" + secret + strip(inside, "</mm:think>") + "</mm:think>ok";
        };
        List<ModelEvent> events = run(ToolFormats.byName(format).newParser(32_768), chunks(output, sizes));
        assertThat(events.getFirst()).isInstanceOf(ModelEvent.Thinking.class);
        assertThat(((ModelEvent.Thinking) events.getFirst()).text()).startsWith(secret);
        assertThat(events.subList(1, events.size())).containsExactly(new ModelEvent.Text("ok"));
    }

    /** The text without any of the markers, even ones that removing another would join. */
    private static String strip(String text, String... markers) {
        String out = text;
        String before;
        do {
            before = out;
            for (String marker : markers) {
                out = out.replace(marker, "");
            }
        } while (!out.equals(before));
        return out;
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("mistral", "harmony", "minimax-m2", "minimax-m3");
    }

    @Provide
    Arbitrary<String> outputs() {
        Arbitrary<String> markup = Arbitraries.of(
                "[THINK]",
                "[/THINK]",
                "[TOOL_CALLS]",
                "f[ARGS]",
                "<|channel|>",
                "analysis",
                "final",
                "commentary",
                " to=functions.f",
                " to=python",
                "<|message|>",
                "<|end|>",
                "<|start|>assistant",
                "<|call|>",
                "<|return|>",
                "<|constrain|>json",
                "<think>",
                "</think>",
                "<mm:think>",
                "</mm:think>",
                "<minimax:tool_call>",
                "</minimax:tool_call>",
                "<invoke name=\"f\">",
                "</invoke>",
                "<parameter name=\"k\">",
                "</parameter>",
                "]<]minimax[>[<tool_call>",
                "]<]minimax[>[</tool_call>",
                "]<]minimax[>[<k>",
                "]<]minimax[>[</k>");
        return NativeOutputs.joined(
                12, NativeOutputs.text(), markup, NativeOutputs.arguments().map(Object::toString));
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return NativeOutputs.chunkSizes();
    }
}
