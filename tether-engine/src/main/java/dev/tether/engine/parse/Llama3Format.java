package dev.tether.engine.parse;

import dev.tether.tool.ToolSpec;

import java.util.List;

/** Llama 3.x JSON tool calls; the chat template lists the tools, so no instructions are added. */
final class Llama3Format implements ToolFormat {

    @Override
    public String name() {
        return "llama3";
    }

    @Override
    public ToolCallParser newParser(int maxToolChars) {
        return new Llama3Parser(maxToolChars);
    }

    @Override
    public String toolInstructions(List<ToolSpec> tools) {
        return "";
    }
}
