package dev.tether.engine.parse;

import dev.tether.tool.ToolSpec;

import java.util.List;

/** A way models write tool calls: the parser that reads it, and how the system prompt teaches it. */
public interface ToolFormat {

    /** {@code seed}, {@code hermes}, {@code llama3}, {@code mistral}, … */
    String name();

    ToolCallParser newParser(int maxToolChars);

    /**
     * Text appended to the system prompt that lists the tools and shows the call syntax; empty when the model's
     * chat template renders the tools itself.
     */
    String toolInstructions(List<ToolSpec> tools);
}
