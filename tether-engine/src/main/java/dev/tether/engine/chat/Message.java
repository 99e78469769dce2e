package dev.tether.engine.chat;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation. Assistant messages may carry tool calls and the reason they ended; tool messages
 * carry the id and name of the call they answer. {@code toolCallId}, {@code name} and {@code finishReason} are
 * null where they do not apply.
 */
public record Message(
        Role role,
        String content,
        List<ToolCall> toolCalls,
        String toolCallId,
        String name,
        FinishReason finishReason,
        Instant createdAt) {

    public Message {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        createdAt = createdAt == null ? Instant.now() : createdAt;
    }

    public static Message system(String content) {
        return new Message(Role.SYSTEM, content, List.of(), null, null, null, null);
    }

    public static Message user(String content) {
        return new Message(Role.USER, content, List.of(), null, null, null, null);
    }

    public static Message assistant(String content, List<ToolCall> toolCalls, FinishReason finishReason) {
        return new Message(Role.ASSISTANT, content, toolCalls, null, null, finishReason, null);
    }

    public static Message tool(String toolCallId, String toolName, String content) {
        return new Message(Role.TOOL, content, List.of(), toolCallId, toolName, null, null);
    }
}
