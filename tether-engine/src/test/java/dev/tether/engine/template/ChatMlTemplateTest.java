package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.HERMES_TOOLS;
import static dev.tether.engine.template.Conversations.SIMPLE;
import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.TOOL_ROUND_TRIP;
import static dev.tether.engine.template.Conversations.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatMlTemplateTest {

    private static final String TOOLS_SYSTEM = "<|im_start|>system\nYou are terse.\n\n" + HERMES_TOOLS + "<|im_end|>\n";

    private static final String ROUND_TRIP = TOOLS_SYSTEM + """
            <|im_start|>user
            Weather in Paris?<|im_end|>
            <|im_start|>assistant
            <tool_call>
            {"name": "get_weather", "arguments": {"city": "Paris"}}
            </tool_call><|im_end|>
            <|im_start|>user
            <tool_response>
            {"temp_c": 18}
            </tool_response><|im_end|>
            <|im_start|>assistant
            18°C in Paris.<|im_end|>
            <|im_start|>assistant
            """;

    private final ChatTemplate template = ChatTemplate.fromGguf(template("chatml-tools.jinja"), "", "<|im_end|>");

    @Test
    void detectsChatMlWithHermesToolCalls() {
        assertThat(template.family()).isEqualTo(ModelFamily.CHATML);
        assertThat(template.toolFormat().name()).isEqualTo("hermes");
        assertThat(template.stopStrings()).containsExactly("<|im_end|>");
    }

    @Test
    void rendersAPlainConversation() {
        assertThat(template.render(SIMPLE, List.of(), true)).isEqualTo("""
                <|im_start|>system
                You are terse.<|im_end|>
                <|im_start|>user
                Hi!<|im_end|>
                <|im_start|>assistant
                Hello.<|im_end|>
                <|im_start|>user
                Who are you?<|im_end|>
                <|im_start|>assistant
                """);
    }

    @Test
    void rendersAToolRoundTripWithTheModelsTemplate() {
        assertThat(template.render(TOOL_ROUND_TRIP, TOOLS, true)).isEqualTo(ROUND_TRIP);
    }

    @Test
    void builtInFormatWritesTheSameToolRoundTrip() {
        ChatTemplate builtIn = ChatTemplate.builtIn(ModelFamily.CHATML, "", "<|im_end|>");
        assertThat(builtIn.render(TOOL_ROUND_TRIP, TOOLS, true)).isEqualTo(ROUND_TRIP);
    }

    @Test
    void noTemplateMeansTheBuiltInChatMl() {
        ChatTemplate none = ChatTemplate.fromGguf(null, "", "<|endoftext|>");
        assertThat(none.family()).isEqualTo(ModelFamily.CHATML);
        assertThat(none.stopStrings()).containsExactly("<|im_end|>", "<|endoftext|>");
        assertThat(none.render(SIMPLE, List.of(), false))
                .startsWith("<|im_start|>system\nYou are terse.<|im_end|>\n")
                .endsWith("<|im_start|>user\nWho are you?<|im_end|>\n");
    }
}
