package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * MiniMax M2: {@code <invoke>}s with one {@code <parameter>} per argument inside
 * {@code <minimax:tool_call>…</minimax:tool_call>} ({@link MiniMaxCalls#m2}), after {@code <think>} reasoning.
 */
final class MiniMaxM2Format extends MarkedFormat implements PromptSyntax {

    static final String TOOL_CALL = "<minimax:tool_call>";
    static final String TOOL_CALL_END = "</minimax:tool_call>";

    MiniMaxM2Format() {
        super(new MarkedSyntax(
                "minimax-m2", MarkedSyntax.THINK, List.of(), TOOL_CALL, TOOL_CALL_END, false, MiniMaxCalls::m2));
    }

    @Override
    public String instructions(List<ToolSpec> tools, PromptJson json) {
        return PromptSyntax.listed(
                tools,
                TOOL_CALL + ", then for each call <invoke name=\"NAME\"> with one "
                        + "<parameter name=\"KEY\">VALUE</parameter> per argument and </invoke>, then " + TOOL_CALL_END,
                json);
    }

    @Override
    public String calls(List<ToolCall> calls, PromptJson json) {
        return TOOL_CALL + "\n"
                + calls.stream()
                        .map(call -> "<invoke name=\"" + call.name() + "\">\n"
                                + call.arguments().properties().stream()
                                        .map(e -> "<parameter name=\"" + e.getKey() + "\">"
                                                + (e.getValue().isTextual()
                                                        ? e.getValue().textValue()
                                                        : json.dumps(e.getValue()))
                                                + "</parameter>\n")
                                        .collect(Collectors.joining())
                                + "</invoke>\n")
                        .collect(Collectors.joining())
                + TOOL_CALL_END;
    }

    @Override
    public String result(String content) {
        return "<response>" + content + "</response>";
    }
}
