package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.model.ModelEvent;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * DeepSeek R1 (and its distills) and V3.1: calls between {@code <｜tool▁call▁begin｜>} and
 * {@code <｜tool▁call▁end｜>} inside {@code <｜tool▁calls▁begin｜>…<｜tool▁calls▁end｜>}, after {@code <think>}
 * reasoning. Its templates render calls but not the tool list, so Tether writes DeepSeek V3.1's own tool prompt.
 */
final class DeepSeekFormat extends MarkedFormat implements PromptSyntax {

    static final String CALLS_BEGIN = "<｜tool▁calls▁begin｜>";
    static final String CALLS_END = "<｜tool▁calls▁end｜>";
    static final String CALL = "<｜tool▁call▁begin｜>";
    static final String CALL_END = "<｜tool▁call▁end｜>";
    static final String SEP = "<｜tool▁sep｜>";

    DeepSeekFormat() {
        super(new MarkedSyntax(
                "deepseek",
                MarkedSyntax.THINK,
                List.of(CALLS_BEGIN, CALLS_END),
                CALL,
                CALL_END,
                false,
                DeepSeekFormat::decode));
    }

    /** V3.1: {@code NAME<｜tool▁sep｜>{args}}; R1: {@code function<｜tool▁sep｜>NAME\n```json\n{args}\n```}. */
    private static List<ModelEvent> decode(String payload) {
        int sep = payload.indexOf(SEP);
        if (sep < 0) {
            return List.of(new ModelEvent.InvalidCall("DeepSeek tool call without " + SEP));
        }
        String head = payload.substring(0, sep).strip();
        String rest = payload.substring(sep + SEP.length());
        if (head.equals("function")) {
            int newline = rest.indexOf('\n');
            head = (newline < 0 ? rest : rest.substring(0, newline)).strip();
            rest = newline < 0 ? "" : MarkedCalls.unfence(rest.substring(newline + 1));
        }
        return List.of(MarkedCalls.call(head, rest.strip()));
    }

    @Override
    public String instructions(List<ToolSpec> tools, PromptJson json) {
        return "## Tools\nYou have access to the following tools:\n\n"
                + tools.stream()
                        .map(t -> "### " + t.name() + "\nDescription: " + t.description() + "\n\nParameters: "
                                + json.dumps(t.inputSchema()))
                        .collect(Collectors.joining("\n\n"))
                + "\n\nIMPORTANT: ALWAYS adhere to this exact format for tool use:\n"
                + CALLS_BEGIN + CALL + "tool_call_name" + SEP + "tool_call_arguments" + CALL_END
                + "{{additional_tool_calls}}" + CALLS_END + "\n\nWhere:\n"
                + "- `tool_call_name` must be an exact match to one of the available tools\n"
                + "- `tool_call_arguments` must be valid JSON that strictly follows the tool's Parameters Schema\n"
                + "- For multiple tool calls, chain them directly without separators or spaces";
    }

    @Override
    public String calls(List<ToolCall> calls, PromptJson json) {
        return CALLS_BEGIN
                + calls.stream()
                        .map(call -> CALL + call.name() + SEP + json.dumps(call.arguments()) + CALL_END)
                        .collect(Collectors.joining())
                + CALLS_END;
    }
}
