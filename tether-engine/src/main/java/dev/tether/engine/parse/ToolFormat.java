package dev.tether.engine.parse;

import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.Optional;

/**
 * A way models write tool calls, all it takes in one place: the parser that reads it, whether a chat template
 * teaches it, how the system prompt teaches it, and how Tether writes it into a prompt. The formats are in
 * {@link ToolFormats}.
 */
public interface ToolFormat {

    /** {@code seed}, {@code hermes}, {@code llama3}, {@code mistral}, … */
    String name();

    ToolCallParser newParser(int maxToolChars);

    /**
     * Whether a chat template with this source teaches this format: it writes the format's call markers. False (the
     * default) for formats without markers of their own, told by their model family's turn markers instead, and for
     * seed, which no template knows.
     */
    default boolean taughtBy(String templateSource) {
        return false;
    }

    /**
     * Text appended to the system message, before the chat template runs, that lists the tools and shows the call
     * syntax; empty (the default) where the model's chat template renders the tools itself.
     */
    default String toolInstructions(List<ToolSpec> tools) {
        return "";
    }

    /**
     * How Tether writes this format into a prompt: the format itself where it implements {@link PromptSyntax}; empty
     * for formats Tether only reads (their prompts use hermes').
     */
    default Optional<PromptSyntax> promptSyntax() {
        return this instanceof PromptSyntax syntax ? Optional.of(syntax) : Optional.empty();
    }
}
