package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.parse.PromptSyntax;
import dev.tether.engine.parse.ToolCallParser;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What Tether writes into a prompt in a format's syntax is what that format's parser reads back. */
class PromptSyntaxTest {

    private static final List<ToolCall> CALLS = List.of(
            new ToolCall("call_1", "get_weather", json("{\"city\":\"Paris\",\"note\":\"a {b} \\\"c\\\" 😀\"}")),
            new ToolCall("call_2", "get_time", json("{}")));

    static List<String> writable() {
        return ToolFormats.writable();
    }

    @Test
    void everyFamilysFormatIsWritable() {
        for (ModelFamily family : ModelFamily.values()) {
            assertThat(family.toolFormat().promptSyntax()).as(family.name()).isPresent();
        }
    }

    @Test
    void aMarkedListIsTheMarkerThenOneJsonListOfNamesAndArguments() throws Exception {
        String written = PromptSyntax.markedList("[TOOL_CALLS]", CALLS, TemplateJson.INSTANCE);

        assertThat(written).startsWith("[TOOL_CALLS][");
        JsonNode list = new ObjectMapper().readTree(written.substring("[TOOL_CALLS]".length()));
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("get_weather");
        assertThat(list.get(0).get("arguments")).isEqualTo(CALLS.get(0).arguments());
        assertThat(list.get(1).get("name").asText()).isEqualTo("get_time");
        assertThat(list.get(1).get("arguments")).isEqualTo(CALLS.get(1).arguments());
    }

    @ParameterizedTest
    @MethodSource("writable")
    void writtenCallsParseBackToTheSameCalls(String name) {
        ToolFormat format = ToolFormats.byName(name);
        String written = syntax(format).calls(CALLS, TemplateJson.INSTANCE);
        ToolCallParser parser = format.newParser(32_768);
        List<ModelEvent> events = new ArrayList<>();
        written.codePoints().forEach(cp -> events.addAll(parser.feed(Character.toString(cp))));
        events.addAll(parser.finish());
        List<ModelEvent> calls = events.stream()
                .filter(e -> !(e instanceof ModelEvent.Text t && t.text().isBlank()))
                .toList();
        assertThat(calls)
                .as(written)
                .containsExactly(
                        new ModelEvent.Call("get_weather", CALLS.get(0).arguments()),
                        new ModelEvent.Call("get_time", CALLS.get(1).arguments()));
    }

    @ParameterizedTest
    @MethodSource("writable")
    void instructionsNameEveryToolAndTheCallSyntax(String name) {
        String instructions = syntax(ToolFormats.byName(name)).instructions(Conversations.TOOLS, TemplateJson.INSTANCE);
        assertThat(instructions).contains("get_weather", "Current weather for a city");
        assertThat(instructions)
                .contains(
                        switch (name) {
                            case "hermes" -> "<tool_call>";
                            case "llama3" -> "\"parameters\"";
                            case "mistral" -> "[TOOL_CALLS]";
                            case "seed" -> "<<function_call>>";
                            case "deepseek" -> "<｜tool▁call▁begin｜>";
                            case "command-r7b" -> "<|START_ACTION|>";
                            case "granite" -> "<|tool_call|>";
                            case "harmony" -> "to=functions.";
                            case "minimax-m2" -> "<minimax:tool_call>";
                            default ->
                                throw new AssertionError("a new writable format: say what its instructions show");
                        });
    }

    private static PromptSyntax syntax(ToolFormat format) {
        return format.promptSyntax().orElseThrow();
    }
}
