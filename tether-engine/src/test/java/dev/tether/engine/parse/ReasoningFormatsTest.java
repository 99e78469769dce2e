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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reasoning markers other than {@code <think>}: Mistral's {@code [THINK]}, gpt-oss's harmony analysis channel and
 * MiniMax's {@code <mm:think>} / bare {@code </mm:think>}, on the outputs llama.cpp's tests/test-chat.cpp expects
 * (Ministral-3-14B-Reasoning, gpt-oss-120b, MiniMax-M2 and M3 templates); each output streamed whole, one character
 * at a time and split in two at every position. Reasoning comes out as Thinking, never as answer text, and a call
 * written inside it stays reasoning.
 */
class ReasoningFormatsTest {

    private static final String ARG1 = "{\"arg1\": 1}";
    private static final String HELLO = "Hello, world!\nWhat's up?";
    private static final String THOUGHTS = "I'm\nthinking";
    private static final String NS = "]<]minimax[>[";

    static Stream<Arguments> mistral() {
        return Stream.of(
                Arguments.of("mistral", HELLO, List.of(text(HELLO))),
                Arguments.of(
                        "mistral", "[THINK]" + THOUGHTS + "[/THINK]" + HELLO, List.of(thinking(THOUGHTS), text(HELLO))),
                Arguments.of(
                        "mistral",
                        "[TOOL_CALLS]special_function[ARGS]{\"arg1\":1}",
                        List.of(call("special_function", ARG1))),
                Arguments.of(
                        "mistral",
                        "[THINK]" + THOUGHTS + "[/THINK][TOOL_CALLS]special_function[ARGS]{\"arg1\":1}",
                        List.of(thinking(THOUGHTS), call("special_function", ARG1))),
                Arguments.of(
                        "mistral",
                        "[TOOL_CALLS]special_function[ARGS]" + ARG1
                                + "[TOOL_CALLS]special_function_with_opt[ARGS]{\"arg1\": 1, \"arg2\": 2}",
                        List.of(
                                call("special_function", ARG1),
                                call("special_function_with_opt", "{\"arg1\": 1, \"arg2\": 2}"))),
                // a call marker inside the reasoning is reasoning
                Arguments.of(
                        "mistral",
                        "[THINK]Let me think about [TOOL_CALLS]special_function[ARGS]{\"arg1\":1} and more"
                                + "[/THINK][TOOL_CALLS]special_function[ARGS]" + ARG1,
                        List.of(
                                thinking("Let me think about [TOOL_CALLS]special_function[ARGS]{\"arg1\":1} and more"),
                                call("special_function", ARG1))),
                // llama.cpp also unwraps the fence when a JSON schema was asked for; Tether keeps the answer as written
                Arguments.of(
                        "mistral",
                        "[THINK]I need to output the invoice details in JSON[/THINK]```json\n"
                                + "{\"amount\": 123.45}\n```",
                        List.of(
                                thinking("I need to output the invoice details in JSON"),
                                text("```json\n{\"amount\": 123.45}\n```"))),
                Arguments.of("mistral", "[THINK]" + THOUGHTS, List.of(thinking(THOUGHTS))));
    }

    static Stream<Arguments> harmony() {
        String analysis = "<|channel|>analysis<|message|>" + THOUGHTS + "<|end|>";
        return Stream.of(
                Arguments.of("harmony", "<|channel|>final<|message|>" + HELLO, List.of(text(HELLO))),
                Arguments.of("harmony", "<|channel|>commentary<|message|>" + HELLO, List.of(text(HELLO))),
                Arguments.of(
                        "harmony",
                        analysis + "<|start|>assistant<|channel|>final<|message|>" + HELLO,
                        List.of(thinking(THOUGHTS), text(HELLO))),
                Arguments.of("harmony", "<|channel|>analysis<|message|>" + THOUGHTS, List.of(thinking(THOUGHTS))),
                Arguments.of(
                        "harmony",
                        " to=functions.special_function<|channel|>analysis<|message|>" + ARG1,
                        List.of(call("special_function", ARG1))),
                Arguments.of(
                        "harmony",
                        "<|channel|>analysis to=functions.special_function<|message|>" + ARG1,
                        List.of(call("special_function", ARG1))),
                Arguments.of(
                        "harmony",
                        " to=functions.special_function<|channel|>analysis <|constrain|>json<|message|>" + ARG1,
                        List.of(call("special_function", ARG1))),
                Arguments.of(
                        "harmony",
                        "<|channel|>commentary to=functions.special_function<|message|>" + ARG1,
                        List.of(call("special_function", ARG1))),
                Arguments.of(
                        "harmony",
                        analysis + "<|start|>assistant to=functions.special_function<|channel|>analysis" + "<|message|>"
                                + ARG1,
                        List.of(thinking(THOUGHTS), call("special_function", ARG1))),
                Arguments.of(
                        "harmony",
                        "<|channel|>analysis<|message|>Thinking about edit...<|end|><|start|>assistant"
                                + "<|channel|>commentary to=functions.edit <|constrain|>json<|message|>{\"oldString\": "
                                + "\"if (part < railCount - 1) {\", \"newString\": \"if (part < 4) {\", \"replaceAll\": "
                                + "false}<|call|>",
                        List.of(
                                thinking("Thinking about edit..."),
                                call(
                                        "edit",
                                        "{\"oldString\": \"if (part < "
                                                + "railCount - 1) {\", \"newString\": \"if (part < 4) {\", \"replaceAll\": false}"))),
                Arguments.of(
                        "harmony",
                        "<|channel|>analysis<|message|>I need to output the invoice details in JSON<|end|>"
                                + "<|start|>assistant<|channel|>final <|constrain|>json<|message|>{\"amount\": 123.45}",
                        List.of(
                                thinking("I need to output the invoice details in JSON"),
                                text("{\"amount\": 123.45}"))),
                // calls to the model's built-in tools are dropped
                Arguments.of(
                        "harmony",
                        "<|channel|>analysis<|message|>I will execute python to say hello<|end|>"
                                + "<|start|>assistant to=container.exec<|channel|>commentary<|message|>python3 -c "
                                + "'print(\"hello\")'",
                        List.of(thinking("I will execute python to say hello"))),
                Arguments.of(
                        "harmony",
                        "<|channel|>analysis<|message|>I will execute python to say hello<|end|>"
                                + "<|start|>assistant<|channel|>commentary to=python <|constrain|>code<|message|>"
                                + "print(\"hello\")",
                        List.of(thinking("I will execute python to say hello"))),
                Arguments.of(
                        "harmony",
                        "<|channel|>commentary to=assistant<|channel|>analysis<|message|>" + THOUGHTS
                                + "<|end|><|start|>assistant<|channel|>final<|message|>" + HELLO,
                        List.of(thinking(THOUGHTS), text(HELLO))),
                Arguments.of(
                        "harmony",
                        analysis + "<|start|>assistant<|channel|>commentary to=assistant<|channel|>final"
                                + "<|message|>" + HELLO,
                        List.of(thinking(THOUGHTS), text(HELLO))),
                // a call written inside the analysis is reasoning
                Arguments.of(
                        "harmony",
                        "<|channel|>analysis<|message|>maybe to=functions.get_time<|message|>{}<|end|>"
                                + "<|start|>assistant<|channel|>final<|message|>No need.<|return|>",
                        List.of(thinking("maybe to=functions.get_time<|message|>{}"), text("No need."))),
                Arguments.of("harmony", HELLO, List.of(text(HELLO))),
                Arguments.of("harmony", "<|channel|>commentary to=functions.f<|message|>{\"a\": ", List.of(invalid())));
    }

    static Stream<Arguments> miniMax() {
        String m3Call = NS + "<tool_call>\n" + NS + "<invoke name=\"get_time\">" + NS + "<city>Tokyo" + NS + "</city>"
                + NS + "</invoke>\n" + NS + "</tool_call>";
        return Stream.of(
                // M2's prompt opens <think>, so the engine feeds the parser "<think>" first
                Arguments.of(
                        "minimax-m2",
                        "<think>" + THOUGHTS + "</think>" + HELLO,
                        List.of(thinking(THOUGHTS), text(HELLO))),
                Arguments.of(
                        "minimax-m2",
                        "<think>Let's call a tool:</think><minimax:tool_call>\n<invoke "
                                + "name=\"empty_args\">\n</invoke>\n</minimax:tool_call>",
                        List.of(thinking("Let's call a tool:"), call("empty_args", "{}"))),
                Arguments.of(
                        "minimax-m2",
                        "<think>\n</think>\n\n<minimax:tool_call>\n<invoke name=\"special_function\">\n"
                                + "<parameter name=\"arg1\">1</parameter>\n</invoke>\n</minimax:tool_call>",
                        List.of(thinking("\n"), text("\n\n"), call("special_function", ARG1))),
                Arguments.of(
                        "minimax-m2",
                        "<think>maybe <minimax:tool_call><invoke name=\"x\"></invoke>"
                                + "</minimax:tool_call></think>No.",
                        List.of(
                                thinking("maybe <minimax:tool_call><invoke name=\"x\"></invoke></minimax:tool_call>"),
                                text("No."))),
                Arguments.of("minimax-m3", "</mm:think>" + HELLO, List.of(text(HELLO))),
                Arguments.of(
                        "minimax-m3",
                        "<mm:think>" + THOUGHTS + "</mm:think>" + HELLO,
                        List.of(thinking(THOUGHTS), text(HELLO))),
                Arguments.of(
                        "minimax-m3",
                        "<mm:think>Let me check the time</mm:think>" + m3Call,
                        List.of(thinking("Let me check the time"), call("get_time", "{\"city\": \"Tokyo\"}"))),
                Arguments.of(
                        "minimax-m3",
                        "</mm:think>" + NS + "<tool_call>\n" + NS + "<invoke name=\"special_function\">" + NS
                                + "<arg1>1" + NS + "</arg1>" + NS + "</invoke>\n" + NS + "</tool_call>",
                        List.of(call("special_function", ARG1))),
                Arguments.of(
                        "minimax-m3",
                        "<mm:think>Thinking about it</mm:think>Let me call the function." + m3Call,
                        List.of(
                                thinking("Thinking about it"),
                                text("Let me call the function."),
                                call("get_time", "{\"city\": \"Tokyo\"}"))),
                Arguments.of(
                        "minimax-m3",
                        "<mm:think></mm:think>" + NS + "<tool_call>\n" + NS + "<invoke name=\"a\">"
                                + NS + "</invoke>\n" + NS + "<invoke name=\"b\">" + NS + "<ref>-14" + NS + "</ref>" + NS
                                + "<on>true" + NS + "</on>" + NS + "<name>foo bar" + NS + "</name>" + NS + "</invoke>\n"
                                + NS + "</tool_call>",
                        List.of(call("a", "{}"), call("b", "{\"ref\": -14, \"on\": true, \"name\": \"foo bar\"}"))),
                Arguments.of(
                        "minimax-m3",
                        "</mm:think>" + NS + "<tool_call>\n" + NS + "<invoke name=\"nested_args\">" + NS
                                + "<tags>" + NS + "<item>alpha" + NS + "</item>" + NS + "<item>beta" + NS + "</item>"
                                + NS
                                + "</tags>" + NS + "<entries>" + NS + "<item>" + NS + "<id>1" + NS + "</id>" + NS
                                + "<label>one" + NS + "</label>" + NS + "</item>" + NS + "</entries>" + NS + "<number>"
                                + NS
                                + "<real>1.5" + NS + "</real>" + NS + "</number>" + NS + "</invoke>\n" + NS
                                + "</tool_call>",
                        List.of(call(
                                "nested_args",
                                "{\"tags\": [\"alpha\", \"beta\"], \"entries\": [{\"id\": 1, "
                                        + "\"label\": \"one\"}], \"number\": {\"real\": 1.5}}"))),
                Arguments.of(
                        "minimax-m3",
                        "<mm:think>maybe " + m3Call + "</mm:think>No.",
                        List.of(thinking("maybe " + m3Call), text("No."))));
    }

    static Stream<Arguments> outputs() {
        return Stream.of(mistral(), harmony(), miniMax()).flatMap(s -> s);
    }

    @ParameterizedTest
    @MethodSource("outputs")
    void reasoningIsThinkingHoweverTheOutputIsChunked(String format, String output, List<ModelEvent> expected) {
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
    void anOverLongCallIsRejectedTheSameWayHoweverTheOutputIsChunked(
            String format, String output, List<ModelEvent> expected) {
        ToolFormat tool = ToolFormats.byName(format);
        List<ModelEvent> events = ParserRuns.oneCharAtATime(tool.newParser(3), output);
        assertThat(events.stream().filter(e -> e instanceof ModelEvent.Call)).isEmpty();
        assertThat(events).isEqualTo(ParserRuns.run(tool.newParser(3), List.of(output)));
    }
}
