package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.HERMES_TOOLS;
import static dev.tether.engine.template.Conversations.SIMPLE;
import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.TOOL_ROUND_TRIP;
import static dev.tether.engine.template.Conversations.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Gemma's template has no system role and knows nothing of tools: Tether adds both through the first user turn. */
class GemmaTemplateTest {

    private static final String ROUND_TRIP = "<bos><start_of_turn>user\nYou are terse.\n\n" + HERMES_TOOLS + """


            Weather in Paris?<end_of_turn>
            <start_of_turn>model
            <tool_call>
            {"name": "get_weather", "arguments": {"city": "Paris"}}
            </tool_call><end_of_turn>
            <start_of_turn>user
            <tool_response>
            {"temp_c": 18}
            </tool_response><end_of_turn>
            <start_of_turn>model
            18°C in Paris.<end_of_turn>
            <start_of_turn>model
            """;

    private final ChatTemplate template = ChatTemplate.fromGguf(template("gemma.jinja"), "<bos>", "<eos>");

    @Test
    void detectsGemma() {
        assertThat(template.family()).isEqualTo(ModelFamily.GEMMA);
        assertThat(template.toolFormat().name()).isEqualTo("hermes");
        assertThat(template.stopStrings()).containsExactly("<end_of_turn>", "<eos>");
    }

    @Test
    void mergesTheSystemTextIntoTheFirstUserTurn() {
        assertThat(template.render(SIMPLE, List.of(), true)).isEqualTo("""
                <bos><start_of_turn>user
                You are terse.

                Hi!<end_of_turn>
                <start_of_turn>model
                Hello.<end_of_turn>
                <start_of_turn>user
                Who are you?<end_of_turn>
                <start_of_turn>model
                """);
    }

    @Test
    void injectsToolsAndWritesCallsAndResultsAsTurnText() {
        assertThat(template.render(TOOL_ROUND_TRIP, TOOLS, true)).isEqualTo(ROUND_TRIP);
    }

    @Test
    void builtInFormatMatchesTheTemplate() {
        assertThat(ChatTemplate.builtIn(ModelFamily.GEMMA, "<bos>", "<eos>").render(TOOL_ROUND_TRIP, TOOLS, true))
                .isEqualTo(ROUND_TRIP);
    }
}
