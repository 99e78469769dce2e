package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.json;
import static dev.tether.engine.template.Conversations.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Qwen3-style template exercises what newer templates use: {@code messages[::-1]}, {@code namespace} with
 * expression arguments, Python string methods, {@code | items}, and reasoning kept only after the last query.
 */
class ReasoningTemplateTest {

    private final ChatTemplate template = ChatTemplate.fromGguf(template("chatml-reasoning.jinja"), "", "<|im_end|>");

    /** Stored reasoning is for the user to read: the prompt carries the answers only. */
    @Test
    void storedReasoningIsNotWrittenIntoThePrompt() {
        List<Message> messages = List.of(
                Message.user("First?"),
                Message.assistant("One.", List.of(), FinishReason.STOP).withReasoning("weighing one and two", 1200),
                Message.user("Second?"));

        String prompt = template.render(messages, List.of(), true);

        assertThat(prompt).contains("One.").doesNotContain("weighing");
    }

    /** As in Jinja2: an empty answer after reasoning leaves "\n\n" before the call's own "\n". */
    @Test
    void keepsReasoningOnlyAfterTheLastUserQuery() {
        List<Message> messages = List.of(
                Message.user("First?"),
                Message.assistant("<think>\nold thoughts\n</think>\n\nOne.", List.of(), FinishReason.STOP),
                Message.user("Weather in Paris?"),
                Message.assistant(
                        "<think>\nneed a tool\n</think>\n\n",
                        List.of(new ToolCall("call_1", "get_weather", json("{\"city\":\"Paris\",\"days\":2}"))),
                        null),
                Message.tool("call_1", "get_weather", "{\"temp_c\": 18}"),
                Message.assistant("<think>\ngot it\n</think>\n\nMild.", List.of(), FinishReason.STOP));
        assertThat(template.render(messages, TOOLS, true)).isEqualTo("""
                <|im_start|>system
                # Tools

                <tools>
                {"type": "function", "function": {"name": "get_weather", "description": "Current weather for a city", \
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
                </tools><|im_end|>
                <|im_start|>user
                First?<|im_end|>
                <|im_start|>assistant
                One.<|im_end|>
                <|im_start|>user
                Weather in Paris?<|im_end|>
                <|im_start|>assistant
                <think>
                need a tool
                </think>


                <tool_call>
                {"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}
                </tool_call><|im_end|>
                <|im_start|>user
                <tool_response>
                {"temp_c": 18}
                </tool_response><|im_end|>
                <|im_start|>assistant
                <think>
                got it
                </think>

                Mild.<|im_end|>
                <|im_start|>assistant
                """);
    }

    @Test
    void reversedSlicesAndFilteredNamespaceArgumentsMeanWhatJinja2Means() {
        assertThat(JinjaRenderer.render(
                        "{% for m in messages[::-1] %}{{ m }}{% endfor %}",
                        java.util.Map.of("messages", java.util.List.of(1, 2, 3))))
                .isEqualTo("321");
        assertThat(JinjaRenderer.render(
                        "{% set ns = namespace(a=true, last=messages|length - 1, s='x,y') %}"
                                + "{{ ns.a }} {{ ns.last }} {{ ns.s }}",
                        java.util.Map.of("messages", java.util.List.of(1, 2, 3))))
                .isEqualTo("True 2 x,y");
        assertThat(JinjaRenderer.render("{{ a == b }} {{ x[1:] }}", java.util.Map.of("a", 1, "b", 1, "x", "abc")))
                .isEqualTo("True bc");
    }
}
