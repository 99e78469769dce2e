package dev.tether.engine.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The conversations and tools the golden-prompt tests render, and the test templates. */
final class Conversations {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final ToolSpec WEATHER = new ToolSpec(
            "get_weather",
            "Current weather for a city",
            json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"),
            null);

    static final List<ToolSpec> TOOLS = List.of(WEATHER);

    /** system, user, assistant: a plain exchange and a follow-up question. */
    static final List<Message> SIMPLE = List.of(
            Message.system("You are terse."),
            Message.user("Hi!"),
            Message.assistant("Hello.", List.of(), FinishReason.STOP),
            Message.user("Who are you?"));

    /** A tool round trip: the question, the call, its result, the answer. */
    static final List<Message> TOOL_ROUND_TRIP = List.of(
            Message.system("You are terse."),
            Message.user("Weather in Paris?"),
            Message.assistant("", List.of(new ToolCall("call_1", "get_weather", json("{\"city\":\"Paris\"}"))), null),
            Message.tool("call_1", "get_weather", "{\"temp_c\": 18}"),
            Message.assistant("18°C in Paris.", List.of(), FinishReason.STOP));

    /** The tool list and call syntax Tether writes for the hermes format (and ChatML templates with tools write). */
    static final String HERMES_TOOLS = """
            # Tools

            You may call one or more functions to assist with the user query.

            You are provided with function signatures within <tools></tools> XML tags:
            <tools>
            {"type": "function", "function": {"name": "get_weather", "description": "Current weather for a city", \
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
            </tools>

            For each function call, return a json object with function name and arguments within \
            <tool_call></tool_call> XML tags:
            <tool_call>
            {"name": <function-name>, "arguments": <args-json-object>}
            </tool_call>""";

    private Conversations() {}

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String template(String name) {
        try (InputStream in = Conversations.class.getResourceAsStream("/templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
