package dev.tether.engine.parse;

import dev.tether.tool.ToolSpec;

import java.util.List;

/** Mistral {@code [TOOL_CALLS]}; the chat template lists the tools, so no instructions are added. */
final class MistralFormat implements ToolFormat {

    @Override
    public String name() {
        return "mistral";
    }

    @Override
    public ToolCallParser newParser(int maxToolChars) {
        return new MistralParser(maxToolChars);
    }

    @Override
    public String toolInstructions(List<ToolSpec> tools) {
        return "";
    }
}
