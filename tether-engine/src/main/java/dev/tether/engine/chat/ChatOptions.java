package dev.tether.engine.chat;

import java.util.List;
import java.util.Optional;

/**
 * Per-turn options; a null field means "not set, use the default". {@code tools} limits the tools offered this
 * turn to those names (null: all enabled tools). {@code responseFormat} null: free text.
 */
public record ChatOptions(
        Integer maxTokens,
        Double temperature,
        Double topP,
        Long seed,
        List<String> stop,
        List<String> tools,
        ToolChoice toolChoice,
        ResponseFormat responseFormat) {

    public static final ChatOptions DEFAULT = new ChatOptions(null, null, null, null, List.of(), null, ToolChoice.AUTO);

    /** Without a response format: free text. */
    public ChatOptions(
            Integer maxTokens,
            Double temperature,
            Double topP,
            Long seed,
            List<String> stop,
            List<String> tools,
            ToolChoice toolChoice) {
        this(maxTokens, temperature, topP, seed, stop, tools, toolChoice, null);
    }

    public ChatOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
        tools = tools == null ? null : List.copyOf(tools);
        toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
    }

    public Optional<List<String>> toolFilter() {
        return Optional.ofNullable(tools);
    }

    public ChatOptions withToolChoice(ToolChoice choice) {
        return new ChatOptions(maxTokens, temperature, topP, seed, stop, tools, choice, responseFormat);
    }

    public ChatOptions withResponseFormat(ResponseFormat format) {
        return new ChatOptions(maxTokens, temperature, topP, seed, stop, tools, toolChoice, format);
    }
}
