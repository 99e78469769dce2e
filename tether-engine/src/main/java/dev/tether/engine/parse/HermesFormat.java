package dev.tether.engine.parse;

import dev.tether.tool.ToolSpec;

import java.util.List;

/** Hermes / Qwen {@code <tool_call>} tags; the chat template lists the tools, so no instructions are added. */
final class HermesFormat implements ToolFormat {

    @Override
    public String name() {
        return "hermes";
    }

    @Override
    public ToolCallParser newParser(int maxToolChars) {
        return new HermesParser(maxToolChars);
    }

    @Override
    public String toolInstructions(List<ToolSpec> tools) {
        return "";
    }
}
