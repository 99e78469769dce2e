package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command R7B: a JSON list of calls between {@code <|START_ACTION|>} and {@code <|END_ACTION|>}, after
 * {@code <|START_THINKING|>} reasoning; the answer is framed by {@code <|START_RESPONSE|>…<|END_RESPONSE|>}.
 */
final class CommandR7bFormat extends MarkedFormat implements PromptSyntax {

    static final String ACTION = "<|START_ACTION|>";
    static final String ACTION_END = "<|END_ACTION|>";

    CommandR7bFormat() {
        super(new MarkedSyntax(
                "command-r7b",
                List.of(new MarkedSyntax.Reasoning("<|START_THINKING|>", "<|END_THINKING|>")),
                List.of("<|START_RESPONSE|>", "<|END_RESPONSE|>"),
                ACTION,
                ACTION_END,
                false,
                json -> MarkedCalls.list(json, "tool_name", "parameters")));
    }

    @Override
    public String instructions(List<ToolSpec> tools, PromptJson json) {
        return PromptSyntax.listed(
                tools,
                ACTION + ", a JSON list of {\"tool_call_id\": \"0\", \"tool_name\": "
                        + "<tool name>, \"parameters\": <arguments object>}, then " + ACTION_END,
                json);
    }

    @Override
    public String calls(List<ToolCall> calls, PromptJson json) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ToolCall call : calls) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("tool_call_id", Integer.toString(list.size()));
            map.put("tool_name", call.name());
            map.put("parameters", call.arguments());
            list.add(map);
        }
        return ACTION + json.dumps(list) + ACTION_END;
    }

    @Override
    public String result(String content) {
        return "<|START_TOOL_RESULT|>" + content + "<|END_TOOL_RESULT|>";
    }
}
