package dev.tether.engine.parse;

import static dev.tether.engine.parse.NativeParserSteps.anyInvalid;
import static dev.tether.engine.parse.NativeParserSteps.call;
import static dev.tether.engine.parse.NativeParserSteps.characters;
import static dev.tether.engine.parse.NativeParserSteps.invalid;
import static dev.tether.engine.parse.NativeParserSteps.text;
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

class Llama3ParserTest {

    private static final String WEATHER = "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}";
    private static final String TIME = "{\"name\": \"get_time\", \"parameters\": {}}";

    static Stream<Arguments> outputs() {
        return Stream.of(
                arguments("plain text", "The sky is blue.", List.of(text("The sky is blue."))),
                arguments("a bare call", WEATHER, List.of(call("get_weather", "{\"city\": \"Paris\"}"))),
                arguments(
                        "leading whitespace before a call",
                        "\n  " + WEATHER,
                        List.of(call("get_weather", "{\"city\": \"Paris\"}"))),
                arguments(
                        "after the python tag",
                        "<|python_tag|>" + WEATHER,
                        List.of(call("get_weather", "{\"city\": \"Paris\"}"))),
                arguments(
                        "calls separated by semicolons",
                        WEATHER + "; " + TIME,
                        List.of(call("get_weather", "{\"city\": \"Paris\"}"), call("get_time", "{}"))),
                arguments(
                        "calls separated by newlines",
                        WEATHER + "\n" + TIME + "\n",
                        List.of(call("get_weather", "{\"city\": \"Paris\"}"), call("get_time", "{}"))),
                arguments(
                        "arguments instead of parameters",
                        "{\"name\": \"f\", \"arguments\": {\"x\": [1, 2]}}",
                        List.of(call("f", "{\"x\": [1, 2]}"))),
                arguments(
                        "braces and quotes in strings",
                        "{\"name\": \"echo\", \"parameters\": {\"s\": \"}{\\\"\"}}",
                        List.of(call("echo", "{\"s\": \"}{\\\"\"}"))),
                arguments(
                        "text then the python tag",
                        "Let me look.<|python_tag|>" + WEATHER,
                        List.of(text("Let me look."), call("get_weather", "{\"city\": \"Paris\"}"))),
                arguments("JSON that is not a call is text", " {\"answer\": 42}", List.of(text(" {\"answer\": 42}"))),
                arguments("braces that are not JSON are text", "{hello} world", List.of(text("{hello} world"))),
                arguments("JSON later in the answer is text", "Here: " + WEATHER, List.of(text("Here: " + WEATHER))),
                arguments(
                        "text after a call",
                        WEATHER + "\nDone.",
                        List.of(call("get_weather", "{\"city\": \"Paris\"}"), text("Done."))),
                arguments("bad JSON after the python tag", "<|python_tag|>{\"name\": f}", List.of(invalid())),
                arguments(
                        "a call without a name after the python tag",
                        "<|python_tag|>{\"parameters\": {}}",
                        List.of(invalid())),
                arguments(
                        "a call that never closes", "{\"name\": \"f\", \"parameters\": {\"x\": 1}", List.of(invalid())),
                arguments("unclosed JSON that is no call is text", "{ not really", List.of(text("{ not really"))),
                arguments("a python tag prefix at the end is text", "ok <|python_ta", List.of(text("ok <|python_ta"))),
                arguments("unicode", "😀 " + WEATHER, List.of(text("😀 " + WEATHER))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void parsesWholeOutput(String name, String output, List<ModelEvent> expected) {
        assertThat(anyInvalid(run(new Llama3Parser(1000), List.of(output)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void parsesOneCharacterAtATime(String name, String output, List<ModelEvent> expected) {
        assertThat(anyInvalid(run(new Llama3Parser(1000), characters(output)))).isEqualTo(expected);
    }

    @Test
    void textIsEmittedAsSoonAsItCannotBeACall() {
        Llama3Parser parser = new Llama3Parser(1000);
        assertThat(parser.feed("  ")).isEmpty();
        assertThat(parser.feed("The")).containsExactly(text("  The"));
        assertThat(parser.feed(" answer <|py")).containsExactly(text(" answer "));
        assertThat(parser.feed("thon_tag|>{\"name\": \"f\"")).isEmpty();
        assertThat(parser.feed(", \"parameters\": {}}")).containsExactly(call("f", "{}"));
        assertThat(parser.finish()).isEmpty();
    }

    @Test
    void aCallLongerThanTheLimitIsInvalid() {
        String longCall = "{\"name\": \"f\", \"parameters\": {\"s\": \"" + "x".repeat(200) + "\"}}";
        List<ModelEvent> whole = run(new Llama3Parser(100), List.of(longCall + "; " + TIME));
        assertThat(whole)
                .containsExactly(
                        new ModelEvent.InvalidCall("tool call is longer than parser.max_tool_chars (100)"),
                        call("get_time", "{}"));
        assertThat(run(new Llama3Parser(100), characters(longCall + "; " + TIME)))
                .isEqualTo(whole);
    }

    @Test
    void theRegistryKnowsLlama3() {
        ToolFormat format = ToolFormats.byName("llama3");
        assertThat(format.toolInstructions(List.of())).isEmpty();
        assertThat(run(format.newParser(100), List.of(TIME))).containsExactly(call("get_time", "{}"));
    }
}
