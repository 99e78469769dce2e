package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.util.List;

/** Mistral {@code [TOOL_CALLS]} ({@link MistralParser}); the chat template lists the tools. */
final class MistralFormat extends AbstractToolFormat implements PromptSyntax {

    MistralFormat() {
        super("mistral", MistralParser::new);
    }

    @Override
    public String instructions(List<ToolSpec> tools, PromptJson json) {
        return "You can call these tools:\n"
                + json.dumps(tools.stream().map(json::tool).toList())
                + "\nTo call tools, answer with " + MistralParser.TOOL_CALLS + " followed by a JSON list of "
                + "{\"name\": <tool name>, \"arguments\": <arguments object>} and nothing else.";
    }

    @Override
    public String calls(List<ToolCall> calls, PromptJson json) {
        return PromptSyntax.markedList(MistralParser.TOOL_CALLS, calls, json);
    }

    @Override
    public String result(String content) {
        return "[TOOL_RESULTS]" + content + "[/TOOL_RESULTS]";
    }
}
