package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.HERMES_TOOLS;
import static dev.tether.engine.template.Conversations.SIMPLE;
import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.TOOL_ROUND_TRIP;
import static dev.tether.engine.template.Conversations.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhiTemplateTest {

    private static final String ROUND_TRIP = "<|system|>\nYou are terse.\n\n" + HERMES_TOOLS + """
            <|end|>
            <|user|>
            Weather in Paris?<|end|>
            <|assistant|>
            <tool_call>
            {"name": "get_weather", "arguments": {"city": "Paris"}}
            </tool_call><|end|>
            <|user|>
            <tool_response>
            {"temp_c": 18}
            </tool_response><|end|>
            <|assistant|>
            18°C in Paris.<|end|>
            <|assistant|>
            """;

    private final ChatTemplate template = ChatTemplate.fromGguf(template("phi3.jinja"), "<s>", "<|endoftext|>");

    @Test
    void detectsPhi() {
        assertThat(template.family()).isEqualTo(ModelFamily.PHI);
        assertThat(template.toolFormat().name()).isEqualTo("hermes");
        assertThat(template.stopStrings()).containsExactly("<|end|>", "<|endoftext|>");
    }

    @Test
    void rendersAPlainConversationAndEndsWithEosWithoutAGenerationPrompt() {
        assertThat(template.render(SIMPLE, List.of(), false)).isEqualTo("""
                <|system|>
                You are terse.<|end|>
                <|user|>
                Hi!<|end|>
                <|assistant|>
                Hello.<|end|>
                <|user|>
                Who are you?<|end|>
                <|endoftext|>""");
    }

    @Test
    void injectsToolsIntoTheSystemMessage() {
        assertThat(template.render(TOOL_ROUND_TRIP, TOOLS, true)).isEqualTo(ROUND_TRIP);
    }

    @Test
    void builtInFormatMatchesTheTemplate() {
        assertThat(ChatTemplate.builtIn(ModelFamily.PHI, "<s>", "<|endoftext|>").render(TOOL_ROUND_TRIP, TOOLS, true))
                .isEqualTo(ROUND_TRIP);
    }
}
