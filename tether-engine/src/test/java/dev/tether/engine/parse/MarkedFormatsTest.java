package dev.tether.engine.parse;

import static dev.tether.engine.parse.NativeParserSteps.call;
import static dev.tether.engine.parse.NativeParserSteps.invalid;
import static dev.tether.engine.parse.NativeParserSteps.text;
import static dev.tether.engine.parse.NativeParserSteps.thinking;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.model.ModelEvent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native formats of DeepSeek, Command R7B / R+, Granite, functionary and firefunction, on the outputs
 * llama.cpp's tests/test-chat.cpp expects them to parse; each output streamed whole, one character at a time, and
 * split in two at every position.
 */
class MarkedFormatsTest {

    private static final String ARG1 = "{\"arg1\": 1}";
    private static final String HELLO = "Hello, world!\nWhat's up?";

    @ParameterizedTest
    @CsvSource({
        "deepseek, <｜tool▁call▁begin｜>{{ name }}",
        "command-r7b, <|START_ACTION|>{{ calls }}",
        "granite, <|tool_call|>{{ calls }}",
        "minimax-m2, <minimax:tool_call>{{ calls }}",
        "functionary-v3.1, <function={{ name }}>"
    })
    void aTemplateThatWritesTheCallMarkerTeachesTheFormat(String format, String template) {
        assertThat(ToolFormats.taughtBy(template)).map(ToolFormat::name).contains(format);
        assertThat(ToolFormats.byName(format).taughtBy("{{ messages }}")).isFalse();
    }

    static Stream<Arguments> outputs() {
        return Stream.of(
                // DeepSeek V3.1: NAME<｜tool▁sep｜>{args}
                Arguments.of(
                        "deepseek",
                        "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_time<｜tool▁sep｜>{\"city\": "
                                + "\"XYZCITY\"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
                        List.of(call("get_time", "{\"city\":\"XYZCITY\"}"))),
                Arguments.of(
                        "deepseek",
                        "<think>REASONING</think>CONTENT<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_time"
                                + "<｜tool▁sep｜>{\"city\": \"Zürich\"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
                        List.of(thinking("REASONING"), text("CONTENT"), call("get_time", "{\"city\":\"Zürich\"}"))),
                // DeepSeek R1: function<｜tool▁sep｜>NAME then a fenced JSON block; the prompt opened <think>
                Arguments.of(
                        "deepseek",
                        "<think>I'm\nthinking</think><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function"
                                + "<｜tool▁sep｜>special_function\n```json\n" + ARG1 + "```<｜tool▁call▁end｜>"
                                + "<｜tool▁call▁begin｜>function<｜tool▁sep｜>other\n```json\n{}\n```<｜tool▁call▁end｜>"
                                + "<｜tool▁calls▁end｜>",
                        List.of(thinking("I'm\nthinking"), call("special_function", ARG1), call("other", "{}"))),
                Arguments.of(
                        "deepseek",
                        "<think>I could call <｜tool▁call▁begin｜>x<｜tool▁sep｜>{}<｜tool▁call▁end｜>" + "</think>No need.",
                        List.of(
                                thinking("I could call <｜tool▁call▁begin｜>x<｜tool▁sep｜>{}" + "<｜tool▁call▁end｜>"),
                                text("No need."))),
                Arguments.of("deepseek", "<｜tool▁call▁begin｜>get_time{}<｜tool▁call▁end｜>", List.of(invalid())),
                // Command R7B
                Arguments.of("command-r7b", "<|START_RESPONSE|>" + HELLO + "<|END_RESPONSE|>", List.of(text(HELLO))),
                Arguments.of(
                        "command-r7b",
                        "<|START_THINKING|>I'm\nthinking<|END_THINKING|><|START_ACTION|>[\n"
                                + "    {\"tool_call_id\": \"0\", \"tool_name\": \"special_function\", \"parameters\": "
                                + ARG1 + "}\n]<|END_ACTION|>",
                        List.of(thinking("I'm\nthinking"), call("special_function", ARG1))),
                Arguments.of(
                        "command-r7b",
                        "<|START_THINKING|><|END_THINKING|><|START_ACTION|>[\n    {\"tool_call_id\": "
                                + "\"0\", \"tool_name\": \"special_function\", ",
                        List.of(invalid())),
                // Command R+: Action: and a fenced JSON list
                Arguments.of("command-r-plus", "<|CHATBOT_TOKEN|>" + HELLO, List.of(text(HELLO))),
                Arguments.of(
                        "command-r-plus",
                        "Action:\n```json\n[{\"tool_name\": \"special_function\", \"parameters\": " + ARG1 + "}]\n```",
                        List.of(call("special_function", ARG1))),
                Arguments.of("command-r-plus", "Action: none needed.", List.of(text("Action: none needed."))),
                // Granite 3.3
                Arguments.of(
                        "granite",
                        "<think>I'm\nthinking</think>" + HELLO,
                        List.of(thinking("I'm\nthinking"), text(HELLO))),
                Arguments.of(
                        "granite",
                        "<|tool_call|>[{\"name\": \"special_function\", \"arguments\": " + ARG1 + "}, "
                                + "{\"name\": \"b\", \"arguments\": {}}]",
                        List.of(call("special_function", ARG1), call("b", "{}"))),
                // functionary v3.1 and v3.2
                Arguments.of("functionary-v3.1", HELLO, List.of(text(HELLO))),
                Arguments.of(
                        "functionary-v3.1",
                        "<function=special_function>" + ARG1 + "</function>",
                        List.of(call("special_function", ARG1))),
                Arguments.of("functionary-v3.2", "all\n" + HELLO, List.of(text(HELLO))),
                Arguments.of("functionary-v3.2", "special_function\n" + ARG1, List.of(call("special_function", ARG1))),
                Arguments.of(
                        "functionary-v3.2",
                        "all\nLet me check.\n>>>special_function\n" + ARG1 + ">>>b\n{}",
                        List.of(text("Let me check.\n"), call("special_function", ARG1), call("b", "{}"))),
                // firefunction v2 (llama.cpp trims the space before functools from the content; Tether keeps it)
                Arguments.of("firefunction-v2", HELLO, List.of(text(HELLO))),
                Arguments.of(
                        "firefunction-v2",
                        " functools[{\"name\": \"special_function\", \"arguments\": " + ARG1 + "}]",
                        List.of(text(" "), call("special_function", ARG1))));
    }

    @ParameterizedTest
    @MethodSource("outputs")
    void parsesAsLlamaCppDoesHoweverTheOutputIsChunked(String format, String output, List<ModelEvent> expected) {
        ToolFormat tool = ToolFormats.byName(format);
        assertThat(NativeParserSteps.anyInvalid(ParserRuns.run(tool.newParser(32_768), List.of(output))))
                .isEqualTo(expected);
        assertThat(NativeParserSteps.anyInvalid(ParserRuns.oneCharAtATime(tool.newParser(32_768), output)))
                .isEqualTo(expected);
        for (int cut = 1; cut < output.length(); cut++) {
            List<String> halves = List.of(output.substring(0, cut), output.substring(cut));
            assertThat(NativeParserSteps.anyInvalid(ParserRuns.run(tool.newParser(32_768), halves)))
                    .as("split at %d", cut)
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("outputs")
    void anOverLongCallIsRejectedAndTheParserCarriesOn(String format, String output, List<ModelEvent> expected) {
        ToolFormat tool = ToolFormats.byName(format);
        List<ModelEvent> events = ParserRuns.oneCharAtATime(tool.newParser(3), output);
        assertThat(events.stream().filter(e -> e instanceof ModelEvent.Call)).isEmpty();
        assertThat(events).isEqualTo(ParserRuns.run(tool.newParser(3), List.of(output)));
    }
}
