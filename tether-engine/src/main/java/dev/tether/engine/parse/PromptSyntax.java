package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a tool-call format looks in prompt text, for chat templates that cannot write it themselves (the built-in
 * prompts, templates that know nothing of tools): the tool list and call syntax, an assistant's past calls, a tool
 * result.
 */
public interface PromptSyntax {

    /** The tools and how to call them, for the system turn. */
    String instructions(List<ToolSpec> tools, PromptJson json);

    /** An assistant's calls as the model writes them. */
    String calls(List<ToolCall> calls, PromptJson json);

    /** A tool's result as the model reads it: as it is, unless the format wraps it. */
    default String result(String content) {
        return content;
    }

    /** The tools as JSON, one a line, and {@code callSyntax}: how to call them. */
    static String listed(List<ToolSpec> tools, String callSyntax, PromptJson json) {
        return "You can call these tools:\n"
                + tools.stream().map(t -> json.dumps(json.tool(t))).collect(Collectors.joining("\n"))
                + "\nTo call tools, answer with " + callSyntax + ".";
    }

    /** {@code marker}, then the calls as one JSON list of {@code {"name": …, "arguments": {…}}}. */
    static String markedList(String marker, List<ToolCall> calls, PromptJson json) {
        return marker
                + json.dumps(calls.stream()
                        .map(call -> callObject("arguments", call))
                        .toList());
    }

    /** {@code {"name": …, "<argumentsKey>": {…}}}. */
    static Map<String, Object> callObject(String argumentsKey, ToolCall call) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", call.name());
        map.put(argumentsKey, call.arguments());
        return map;
    }
}
