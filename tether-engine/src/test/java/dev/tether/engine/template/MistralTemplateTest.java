package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.SIMPLE;
import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.TOOL_ROUND_TRIP;
import static dev.tether.engine.template.Conversations.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MistralTemplateTest {

    private static final String TOOL_JSON = "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
            + "\"description\": \"Current weather for a city\", \"parameters\": {\"type\": \"object\", \"properties\": "
            + "{\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}";

    private final ChatTemplate template = ChatTemplate.fromGguf(template("mistral-tools.jinja"), "<s>", "</s>");

    @Test
    void detectsMistral() {
        assertThat(template.family()).isEqualTo(ModelFamily.MISTRAL);
        assertThat(template.toolFormat().name()).isEqualTo("mistral");
        assertThat(template.stopStrings()).containsExactly("</s>");
    }

    @Test
    void rendersAPlainConversationWithTheSystemTextInTheLastUserTurn() {
        assertThat(template.render(SIMPLE, List.of(), true))
                .isEqualTo("<s>[INST] Hi![/INST] Hello.</s>[INST] You are terse.\n\nWho are you?[/INST]");
    }

    @Test
    void rendersAToolRoundTripWithNineCharacterCallIds() {
        String id = TemplateValues.nineCharacterId("call_1");
        assertThat(id).matches("[A-Za-z0-9]{9}");
        assertThat(template.render(TOOL_ROUND_TRIP, TOOLS, true))
                .isEqualTo("<s>[AVAILABLE_TOOLS] [" + TOOL_JSON
                        + "][/AVAILABLE_TOOLS][INST] You are terse.\n\nWeather in Paris?[/INST]"
                        + "[TOOL_CALLS] [{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}, \"id\": \""
                        + id
                        + "\"}]</s>[TOOL_RESULTS] {\"content\": {\"temp_c\": 18}, \"call_id\": \"" + id
                        + "\"}[/TOOL_RESULTS] 18°C in Paris.</s>");
    }

    @Test
    void nineCharacterIdsAreStableAndKeepValidIds() {
        assertThat(TemplateValues.nineCharacterId("call_1"))
                .isEqualTo(TemplateValues.nineCharacterId("call_1"))
                .isNotEqualTo(TemplateValues.nineCharacterId("call_2"));
        assertThat(TemplateValues.nineCharacterId("a1B2c3D4e")).isEqualTo("a1B2c3D4e");
    }

    @Test
    void builtInFormatWritesToolCallsAndResultsInMistralSyntax() {
        ChatTemplate builtIn = ChatTemplate.builtIn(ModelFamily.MISTRAL, "<s>", "</s>");
        assertThat(builtIn.render(TOOL_ROUND_TRIP, TOOLS, true)).isEqualTo("""
                <s>[INST] You are terse.

                You can call these tools:
                [%s]
                To call tools, answer with [TOOL_CALLS] followed by a JSON list of \
                {"name": <tool name>, "arguments": <arguments object>} and nothing else.

                Weather in Paris?[/INST][TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}}]</s>\
                [TOOL_RESULTS]{"temp_c": 18}[/TOOL_RESULTS]18°C in Paris.</s>""".formatted(TOOL_JSON));
    }
}
