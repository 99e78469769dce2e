package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Hermes / Qwen {@code <tool_call>} tags ({@link HermesParser}); the chat template lists the tools. Also the syntax
 * Tether writes formats in that it only reads.
 */
final class HermesFormat extends AbstractToolFormat implements PromptSyntax {

    HermesFormat() {
        super("hermes", HermesParser::new);
    }

    @Override
    public boolean taughtBy(String templateSource) {
        return templateSource.contains(HermesParser.OPEN);
    }

    @Override
    public String instructions(List<ToolSpec> tools, PromptJson json) {
        return "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
                + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                + tools.stream().map(t -> json.dumps(json.tool(t))).collect(Collectors.joining("\n"))
                + "\n</tools>\n\nFor each function call, return a json object with function name and arguments "
                + "within <tool_call></tool_call> XML tags:\n<tool_call>\n"
                + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>";
    }

    @Override
    public String calls(List<ToolCall> calls, PromptJson json) {
        return calls.stream()
                .map(call -> HermesParser.OPEN + "\n" + json.dumps(PromptSyntax.callObject("arguments", call)) + "\n"
                        + HermesParser.CLOSE)
                .collect(Collectors.joining("\n"));
    }

    @Override
    public String result(String content) {
        return "<tool_response>\n" + content + "\n</tool_response>";
    }
}
