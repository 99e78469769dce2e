package dev.tether.engine.template;

import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.parse.ToolCallParser;
import dev.tether.engine.parse.ToolFormats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static dev.tether.engine.template.Conversations.json;
import static org.assertj.core.api.Assertions.assertThat;

/** What Tether writes into a prompt as an assistant's tool calls is what that format's parser reads back. */
class ToolSyntaxTest {

    private static final List<ToolCall> CALLS = List.of(
            new ToolCall("call_1", "get_weather", json("{\"city\":\"Paris\",\"note\":\"a {b} \\\"c\\\" 😀\"}")),
            new ToolCall("call_2", "get_time", json("{}")));

    @ParameterizedTest
    @ValueSource(strings = {"hermes", "llama3", "mistral", "seed"})
    void writtenCallsParseBackToTheSameCalls(String format) {
        String written = ToolSyntax.of(format).calls(CALLS);
        ToolCallParser parser = ToolFormats.byName(format).newParser(32_768);
        List<ModelEvent> events = new ArrayList<>(parser.feed(written));
        events.addAll(parser.finish());
        List<ModelEvent> calls = events.stream().filter(e -> !(e instanceof ModelEvent.Text t && t.text().isBlank()))
                .toList();
        assertThat(calls).containsExactly(
                new ModelEvent.Call("get_weather", CALLS.get(0).arguments()),
                new ModelEvent.Call("get_time", CALLS.get(1).arguments()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hermes", "llama3", "mistral", "seed"})
    void instructionsNameEveryToolAndTheCallSyntax(String format) {
        String instructions = ToolSyntax.of(format).instructions(Conversations.TOOLS);
        assertThat(instructions).contains("get_weather", "Current weather for a city");
        assertThat(instructions).contains(switch (format) {
            case "hermes" -> "<tool_call>";
            case "llama3" -> "\"parameters\"";
            case "mistral" -> "[TOOL_CALLS]";
            default -> "<<function_call>>";
        });
    }
}
