package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.SIMPLE;
import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.TOOL_ROUND_TRIP;
import static dev.tether.engine.template.Conversations.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class Llama3TemplateTest {

    private static final String TOOL_JSON = """
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Current weather for a city",
                    "parameters": {
                        "type": "object",
                        "properties": {
                            "city": {
                                "type": "string"
                            }
                        },
                        "required": [
                            "city"
                        ]
                    }
                }
            }""";

    private static final String INSTRUCTIONS = """
            Given the following functions, please respond with a JSON for a function call with its proper arguments \
            that best answers the given prompt.

            Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}. \
            Do not use variables.

            """ + TOOL_JSON;

    private static final String CALL_AND_RESULT = """
            Weather in Paris?<|eot_id|><|start_header_id|>assistant<|end_header_id|>

            {"name": "get_weather", "parameters": {"city": "Paris"}}<|eot_id|><|start_header_id|>ipython<|end_header_id|>

            {"temp_c": 18}<|eot_id|><|start_header_id|>assistant<|end_header_id|>

            18°C in Paris.<|eot_id|><|start_header_id|>assistant<|end_header_id|>

            """;

    private final ChatTemplate template =
            ChatTemplate.fromGguf(template("llama3-tools.jinja"), "<|begin_of_text|>", "<|eot_id|>");

    @Test
    void detectsLlama3() {
        assertThat(template.family()).isEqualTo(ModelFamily.LLAMA3);
        assertThat(template.toolFormat().name()).isEqualTo("llama3");
        assertThat(template.stopStrings()).containsExactly("<|eot_id|>", "<|eom_id|>");
    }

    @Test
    void rendersAPlainConversationWithTodaysDate() {
        String today = JinjaFunctions.strftime(ZonedDateTime.now(), "%d %b %Y");
        assertThat(template.render(SIMPLE, List.of(), true)).isEqualTo("""
                <|begin_of_text|><|start_header_id|>system<|end_header_id|>

                Cutting Knowledge Date: December 2023
                Today Date: %s

                You are terse.<|eot_id|><|start_header_id|>user<|end_header_id|>

                Hi!<|eot_id|><|start_header_id|>assistant<|end_header_id|>

                Hello.<|eot_id|><|start_header_id|>user<|end_header_id|>

                Who are you?<|eot_id|><|start_header_id|>assistant<|end_header_id|>

                """.formatted(today));
    }

    @Test
    void rendersAToolRoundTripWithToolsInTheFirstUserMessageAndTheIpythonRole() {
        String today = JinjaFunctions.strftime(ZonedDateTime.now(), "%d %b %Y");
        assertThat(template.render(TOOL_ROUND_TRIP, TOOLS, true))
                .isEqualTo("""
                <|begin_of_text|><|start_header_id|>system<|end_header_id|>

                Environment: ipython
                Cutting Knowledge Date: December 2023
                Today Date: %s

                You are terse.<|eot_id|><|start_header_id|>user<|end_header_id|>

                """.formatted(today) + INSTRUCTIONS + "\n\n" + CALL_AND_RESULT);
    }

    @Test
    void builtInFormatPutsTheToolsInTheSystemMessage() {
        ChatTemplate builtIn = ChatTemplate.builtIn(ModelFamily.LLAMA3, "<|begin_of_text|>", "<|eot_id|>");
        assertThat(builtIn.render(TOOL_ROUND_TRIP, TOOLS, true)).isEqualTo("""
                <|begin_of_text|><|start_header_id|>system<|end_header_id|>

                You are terse.

                """ + INSTRUCTIONS + """
                <|eot_id|><|start_header_id|>user<|end_header_id|>

                """ + CALL_AND_RESULT);
    }
}
