package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The seed protocol's format ({@link SeedParser}): no chat template knows it, so the tools and the
 * {@code <<function_call>>} syntax are taught in the system prompt.
 */
final class SeedFormat extends AbstractToolFormat implements PromptSyntax {

    SeedFormat() {
        super("seed", SeedParser::new);
    }

    @Override
    public String toolInstructions(List<ToolSpec> tools) {
        if (tools.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("You can call these tools:\n");
        for (ToolSpec tool : tools) {
            sb.append("- ")
                    .append(tool.name())
                    .append(": ")
                    .append(tool.description())
                    .append(" Arguments (JSON Schema): ")
                    .append(tool.inputSchema())
                    .append('\n');
        }
        sb.append("""
                To call a tool, write the marker <<function_call>> followed by one JSON object, for example:
                <<function_call>> {"name": "TOOL_NAME", "arguments": {"ARG": "VALUE"}}
                Then stop and wait: the tool's result comes back in the next message. Call a tool only when it helps.""");
        return sb.toString();
    }

    @Override
    public String instructions(List<ToolSpec> tools, PromptJson json) {
        return toolInstructions(tools);
    }

    @Override
    public String calls(List<ToolCall> calls, PromptJson json) {
        return calls.stream()
                .map(call -> SeedParser.MARKER + " " + json.dumps(PromptSyntax.callObject("arguments", call)))
                .collect(Collectors.joining("\n"));
    }
}
