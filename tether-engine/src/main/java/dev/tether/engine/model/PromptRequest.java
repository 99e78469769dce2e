package dev.tether.engine.model;

import dev.tether.engine.chat.Message;
import dev.tether.tool.ToolSpec;
import java.util.List;

/** A conversation to render into a model's prompt text without generating: what {@code /models/{name}/template} shows. */
public record PromptRequest(List<Message> messages, List<ToolSpec> tools, boolean addGenerationPrompt) {
    public PromptRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }
}
