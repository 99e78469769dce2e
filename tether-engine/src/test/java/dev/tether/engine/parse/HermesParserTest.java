package dev.tether.engine.parse;

import static dev.tether.engine.parse.NativeParserSteps.anyInvalid;
import static dev.tether.engine.parse.NativeParserSteps.call;
import static dev.tether.engine.parse.NativeParserSteps.characters;
import static dev.tether.engine.parse.NativeParserSteps.invalid;
import static dev.tether.engine.parse.NativeParserSteps.text;
import static dev.tether.engine.parse.NativeParserSteps.thinking;
import static dev.tether.engine.parse.ParserRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.tether.engine.model.ModelEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HermesParserTest {

    private static final String WEATHER =
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n" + "</tool_call>";

    static Stream<Arguments> outputs() {
        return Stream.of(
                arguments("plain text", "Hello, world.", List.of(text("Hello, world."))),
                arguments("one call", WEATHER, List.of(call("get_weather", "{\"city\": \"Paris\"}"))),
                arguments(
                        "text around a call",
                        "Let me check." + WEATHER + "\nDone.",
                        List.of(text("Let me check."), call("get_weather", "{\"city\": \"Paris\"}"), text("\nDone."))),
                arguments(
                        "parallel calls",
                        WEATHER + "\n<tool_call>{\"name\": \"get_time\", \"arguments\": {}}</tool_call>",
                        List.of(call("get_weather", "{\"city\": \"Paris\"}"), text("\n"), call("get_time", "{}"))),
                arguments(
                        "call after thinking",
                        "<think>Need the weather.</think>\n\n" + WEATHER,
                        List.of(
                                thinking("Need the weather."),
                                text("\n\n"),
                                call("get_weather", "{\"city\": \"Paris\"}"))),
                arguments(
                        "tags inside JSON strings",
                        "<tool_call>{\"name\": \"echo\", \"arguments\": {\"s\": \"a <b> {c} \\\"d\\\"\"}}</tool_call>",
                        List.of(call("echo", "{\"s\": \"a <b> {c} \\\"d\\\"\"}"))),
                arguments(
                        "unicode around and inside",
                        "Ça va 😀<tool_call>{\"name\": \"say\", \"arguments\": " + "{\"t\": \"日本 😀\"}}</tool_call>✓",
                        List.of(text("Ça va 😀"), call("say", "{\"t\": \"日本 😀\"}"), text("✓"))),
                arguments(
                        "a lone angle bracket is text", "a < b and <tool> too", List.of(text("a < b and <tool> too"))),
                arguments("a tag prefix at the end is text", "wait <tool_ca", List.of(text("wait <tool_ca"))),
                arguments(
                        "arguments as a JSON string",
                        "<tool_call>{\"name\": \"f\", \"arguments\": \"{\\\"x\\\": 1}\"}" + "</tool_call>",
                        List.of(call("f", "{\"x\": 1}"))),
                arguments(
                        "parameters instead of arguments",
                        "<tool_call>{\"name\": \"f\", \"parameters\": {\"x\": 1}}" + "</tool_call>",
                        List.of(call("f", "{\"x\": 1}"))),
                arguments(
                        "bad JSON",
                        "<tool_call>{\"name\": \"f\", </tool_call>after",
                        List.of(invalid(), text("after"))),
                arguments("no name", "<tool_call>{\"arguments\": {}}</tool_call>", List.of(invalid())),
                arguments("never closed", "<tool_call>{\"name\": \"f\", \"argu", List.of(invalid())),
                arguments(
                        "complete JSON without the closing tag",
                        "<tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n",
                        List.of(call("f", "{}"))),
                arguments("unclosed thinking", "<think>hmm", List.of(thinking("hmm"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void parsesWholeOutput(String name, String output, List<ModelEvent> expected) {
        assertThat(anyInvalid(run(new HermesParser(1000), List.of(output)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void parsesOneCharacterAtATime(String name, String output, List<ModelEvent> expected) {
        assertThat(anyInvalid(run(new HermesParser(1000), characters(output)))).isEqualTo(expected);
    }

    @Test
    void emitsTextAtOnceAndHoldsBackOnlyATagPrefix() {
        HermesParser parser = new HermesParser(1000);
        assertThat(parser.feed("Sure, <to")).containsExactly(text("Sure, "));
        assertThat(parser.feed("day")).containsExactly(text("<today"));
        assertThat(parser.feed(" <tool_call>{\"name\": \"f\",")).containsExactly(text(" "));
        assertThat(parser.feed(" \"arguments\": {}}</tool_")).isEmpty();
        assertThat(parser.feed("call>ok")).containsExactly(call("f", "{}"), text("ok"));
        assertThat(parser.finish()).isEmpty();
    }

    @Test
    void thinkingIsStreamedAsItComes() {
        HermesParser parser = new HermesParser(1000);
        assertThat(parser.feed("<think>step one")).containsExactly(thinking("step one"));
        assertThat(parser.feed(", two</thi")).containsExactly(thinking(", two"));
        assertThat(parser.feed("nk>Answer")).containsExactly(text("Answer"));
    }

    @Test
    void aCallLongerThanTheLimitIsInvalidAndTheTextAfterItSurvives() {
        String longCall =
                "<tool_call>{\"name\": \"f\", \"arguments\": {\"s\": \"" + "x".repeat(200) + "\"}}</tool_call>";
        List<ModelEvent> whole = run(new HermesParser(100), List.of(longCall + "after"));
        List<ModelEvent> chars = run(new HermesParser(100), characters(longCall + "after"));
        assertThat(whole).hasSize(2).isEqualTo(chars);
        assertThat(whole.getFirst())
                .isEqualTo(new ModelEvent.InvalidCall("tool call is longer than parser.max_tool_chars (100)"));
        assertThat(whole.get(1)).isEqualTo(text("after"));
    }

    @Test
    void theRegistryKnowsHermesAndItAddsNoInstructions() {
        ToolFormat format = ToolFormats.byName("hermes");
        assertThat(format.name()).isEqualTo("hermes");
        assertThat(format.toolInstructions(List.of())).isEmpty();
        assertThat(run(format.newParser(100), List.of(WEATHER))).hasSize(1);
    }
}
