package dev.tether.engine.parse;

import dev.tether.tool.ToolSpec;

import java.util.List;

/** gpt-oss's harmony channels and {@code to=functions.NAME} calls; its chat template lists the tools itself. */
final class HarmonyFormat implements ToolFormat {

    @Override
    public String name() {
        return "harmony";
    }

    @Override
    public ToolCallParser newParser(int maxToolChars) {
        return new HarmonyParser(maxToolChars);
    }

    @Override
    public String toolInstructions(List<ToolSpec> tools) {
        return "";
    }
}
