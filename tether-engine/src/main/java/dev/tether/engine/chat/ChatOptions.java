package dev.tether.engine.chat;

import java.util.List;
import java.util.Optional;

/**
 * Per-turn options; a null field means "not set, use the default". {@code tools} limits the tools offered this
 * turn to those names (null: all enabled tools).
 */
public record ChatOptions(Integer maxTokens,
                          Double temperature,
                          Double topP,
                          Long seed,
                          List<String> stop,
                          List<String> tools,
                          ToolChoice toolChoice) {

    public static final ChatOptions DEFAULT = new ChatOptions(null, null, null, null, List.of(), null, ToolChoice.AUTO);

    public ChatOptions {
        stop = stop == null ? List.of() : List.copyOf(stop);
        tools = tools == null ? null : List.copyOf(tools);
        toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
    }

    public Optional<List<String>> toolFilter() {
        return Optional.ofNullable(tools);
    }

    public ChatOptions withToolChoice(ToolChoice choice) {
        return new ChatOptions(maxTokens, temperature, topP, seed, stop, tools, choice);
    }
}
