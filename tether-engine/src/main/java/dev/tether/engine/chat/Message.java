package dev.tether.engine.chat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation. Assistant messages may carry tool calls, the reason they ended and the model's
 * reasoning (shown to the user, never sent back to a model); tool messages carry the id and name of the call they
 * answer. {@code toolCallId}, {@code name} and {@code finishReason} are null where they do not apply;
 * {@code reasoning} is empty and {@code reasoningMs} 0 where there was none. An assistant message names the
 * {@code model} that wrote it and, when its answer failed, the {@code error} (both null otherwise); neither is ever
 * sent to a model.
 */
public record Message(
        Role role,
        String content,
        List<ToolCall> toolCalls,
        String toolCallId,
        String name,
        FinishReason finishReason,
        Instant createdAt,
        String reasoning,
        long reasoningMs,
        String model,
        TurnError error) {

    public Message {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        reasoning = reasoning == null ? "" : reasoning;
        reasoningMs = Math.max(0, reasoningMs);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        createdAt = createdAt == null ? Instant.now() : createdAt;
    }

    /** This message with the reasoning that came before it, thought for {@code ms} milliseconds. */
    public Message withReasoning(String text, long ms) {
        return new Message(role, content, toolCalls, toolCallId, name, finishReason, createdAt, text, ms, model, error);
    }

    /** This message as written by {@code modelName}. */
    public Message withModel(String modelName) {
        return withAnswer(modelName, error);
    }

    /** This message with the failure that ended its answer (null: none). */
    public Message withError(TurnError failure) {
        return withAnswer(model, failure);
    }

    private Message withAnswer(String modelName, TurnError failure) {
        return new Message(
                role,
                content,
                toolCalls,
                toolCallId,
                name,
                finishReason,
                createdAt,
                reasoning,
                reasoningMs,
                modelName,
                failure);
    }

    public static Message system(String content) {
        return new Message(Role.SYSTEM, content, List.of(), null, null, null, null, "", 0, null, null);
    }

    public static Message user(String content) {
        return new Message(Role.USER, content, List.of(), null, null, null, null, "", 0, null, null);
    }

    public static Message assistant(String content, List<ToolCall> toolCalls, FinishReason finishReason) {
        return new Message(Role.ASSISTANT, content, toolCalls, null, null, finishReason, null, "", 0, null, null);
    }

    public static Message tool(String toolCallId, String toolName, String content) {
        return new Message(Role.TOOL, content, List.of(), toolCallId, toolName, null, null, "", 0, null, null);
    }
}
