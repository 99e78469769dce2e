package dev.tether.engine.loop;

import dev.tether.engine.chat.ChatOptions;

import java.util.Objects;
import java.util.UUID;

/** One user prompt into a session; {@code modelName} null means the default model. */
public record TurnRequest(UUID sessionId, String prompt, String modelName, ChatOptions options) {
    public TurnRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        prompt = prompt == null ? "" : prompt;
        options = options == null ? ChatOptions.DEFAULT : options;
    }
}
