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

class MistralParserTest {

    private static final String TWO_CALLS =
            "[TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}, "
                    + "\"id\": \"a1B2c3D4e\"}, {\"name\": \"get_time\", \"arguments\": {}, \"id\": \"Z9y8X7w6v\"}]";

    static Stream<Arguments> outputs() {
        return Stream.of(
                arguments("plain text", "Bonjour [sic] !", List.of(text("Bonjour [sic] !"))),
                arguments(
                        "two calls with ids (read past)",
                        TWO_CALLS,
                        List.of(call("get_weather", "{\"city\": \"Paris\"}"), call("get_time", "{}"))),
                arguments(
                        "a call without an id",
                        "[TOOL_CALLS] [{\"name\": \"f\", \"arguments\": {\"x\": \"]\"}}]",
                        List.of(call("f", "{\"x\": \"]\"}"))),
                arguments(
                        "a single object instead of a list",
                        "[TOOL_CALLS]{\"name\": \"f\", \"arguments\": {}}",
                        List.of(call("f", "{}"))),
                arguments(
                        "text before the calls",
                        "Checking.[TOOL_CALLS][{\"name\": \"f\", \"arguments\": {}}]",
                        List.of(text("Checking."), call("f", "{}"))),
                arguments(
                        "the named form",
                        "[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Paris\"}",
                        List.of(call("get_weather", "{\"city\": \"Paris\"}"))),
                arguments(
                        "the named form with an id (read past)",
                        "[TOOL_CALLS]f[CALL_ID]abc123XYZ[ARGS]{}[TOOL_CALLS]g[ARGS]{}",
                        List.of(call("f", "{}"), call("g", "{}"))),
                arguments("bad JSON", "[TOOL_CALLS][{\"name\": }]after", List.of(invalid(), text("after"))),
                arguments(
                        "one good call and one without a name",
                        "[TOOL_CALLS][{\"name\": \"f\"}, {\"arguments\": {}}]",
                        List.of(call("f", "{}"), invalid())),
                arguments("not followed by calls", "[TOOL_CALLS] sorry", List.of(invalid(), text("sorry"))),
                arguments("never closed", "[TOOL_CALLS][{\"name\": \"f\"", List.of(invalid())),
                arguments("a tag prefix at the end is text", "see [TOOL_C", List.of(text("see [TOOL_C"))),
                arguments(
                        "unicode",
                        "é😀[TOOL_CALLS][{\"name\": \"say\", \"arguments\": {\"t\": \"😀\"}}]",
                        List.of(text("é😀"), call("say", "{\"t\": \"😀\"}"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void parsesWholeOutput(String name, String output, List<ModelEvent> expected) {
        assertThat(anyInvalid(run(new MistralParser(1000), List.of(output)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void parsesOneCharacterAtATime(String name, String output, List<ModelEvent> expected) {
        assertThat(anyInvalid(run(new MistralParser(1000), characters(output)))).isEqualTo(expected);
    }

    @Test
    void holdsBackOnlyATagPrefix() {
        MistralParser parser = new MistralParser(1000);
        assertThat(parser.feed("Hi [")).containsExactly(text("Hi "));
        assertThat(parser.feed("x]")).containsExactly(text("[x]"));
        assertThat(parser.feed("[TOOL_CALLS][{\"name\": \"f\",")).isEmpty();
        assertThat(parser.feed(" \"arguments\": {}}]")).containsExactly(call("f", "{}"));
    }

    @Test
    void callsLongerThanTheLimitAreInvalid() {
        String longCalls = "[TOOL_CALLS][{\"name\": \"f\", \"arguments\": {\"s\": \"" + "x".repeat(200) + "\"}}]ok";
        List<ModelEvent> whole = run(new MistralParser(100), List.of(longCalls));
        assertThat(whole)
                .containsExactly(
                        new ModelEvent.InvalidCall("tool call is longer than parser.max_tool_chars (100)"), text("ok"));
        assertThat(run(new MistralParser(100), characters(longCalls))).isEqualTo(whole);
    }

    @Test
    void theRegistryKnowsMistral() {
        ToolFormat format = ToolFormats.byName("mistral");
        assertThat(format.toolInstructions(List.of())).isEmpty();
        assertThat(run(format.newParser(1000), List.of(TWO_CALLS))).hasSize(2);
    }
}
