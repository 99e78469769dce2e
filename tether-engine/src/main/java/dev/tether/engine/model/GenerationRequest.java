package dev.tether.engine.model;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.tool.ToolSpec;

import java.util.List;
import java.util.Objects;

/**
 * One model call: the whole history (system message first), the tools offered, the options, and the cancel flag
 * the provider must watch. {@code cacheKey} groups calls of one conversation so a provider can reuse its prompt
 * cache (a session id; null when stateless).
 */
public record GenerationRequest(String model,
                                List<Message> messages,
                                List<ToolSpec> tools,
                                ChatOptions options,
                                Cancellation cancel,
                                String cacheKey) {
    public GenerationRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        options = options == null ? ChatOptions.DEFAULT : options;
        cancel = cancel == null ? new Cancellation() : cancel;
    }
}
