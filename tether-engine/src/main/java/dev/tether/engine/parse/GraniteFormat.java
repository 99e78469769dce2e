package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.util.List;

/**
 * Granite 3.3: {@code <|tool_call|>} and a JSON list of calls, to the end of the turn, after {@code <think>}
 * reasoning; the answer may be framed by {@code <response>…</response>}.
 */
final class GraniteFormat extends MarkedFormat implements PromptSyntax {

    static final String TOOL_CALL = "<|tool_call|>";

    GraniteFormat() {
        super(new MarkedSyntax(
                "granite",
                MarkedSyntax.THINK,
                List.of("<response>", "</response>"),
                TOOL_CALL,
                null,
                false,
                json -> MarkedCalls.list(json, "name", "arguments")));
    }

    @Override
    public String instructions(List<ToolSpec> tools, PromptJson json) {
        return PromptSyntax.listed(
                tools,
                TOOL_CALL + " followed by a JSON list of {\"name\": <tool name>, "
                        + "\"arguments\": <arguments object>}",
                json);
    }

    @Override
    public String calls(List<ToolCall> calls, PromptJson json) {
        return PromptSyntax.markedList(TOOL_CALL, calls, json);
    }
}
