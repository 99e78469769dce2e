package dev.tether.engine.loop;

import dev.tether.engine.chat.ChatOptions;
import java.util.Objects;
import java.util.UUID;

/**
 * One user prompt into a session; {@code modelName} null means the default model. With {@link HistoryEdit.Regenerate}
 * the prompt is empty: the stored one is asked again. {@code interactiveApproval}: the client shows
 * {@code tool_approval} events and answers them, so a call that needs approval waits for it.
 */
public record TurnRequest(
        UUID sessionId,
        String prompt,
        String modelName,
        ChatOptions options,
        HistoryEdit edit,
        boolean interactiveApproval) {
    public TurnRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        prompt = prompt == null ? "" : prompt;
        options = options == null ? ChatOptions.DEFAULT : options;
        edit = edit == null ? HistoryEdit.APPEND : edit;
    }

    public TurnRequest(UUID sessionId, String prompt, String modelName, ChatOptions options) {
        this(sessionId, prompt, modelName, options, HistoryEdit.APPEND, false);
    }
}
