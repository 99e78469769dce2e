package dev.tether.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** What a chat turn tells its client, in order; the edges (NDJSON, SSE, tests) serialize these. */
public sealed interface ChatEvent {

    /** The wire name of the event ({@code token}, {@code think}, …). */
    String type();

    /** Visible model text. */
    record Token(String text) implements ChatEvent {
        public String type() {
            return "token";
        }
    }

    /** Reasoning text from inside {@code <think>…</think>}. */
    record Think(String text) implements ChatEvent {
        public String type() {
            return "think";
        }
    }

    /** The model asked for a tool. */
    record ToolCallEvent(String id, String name, ObjectNode arguments) implements ChatEvent {
        public String type() {
            return "tool_call";
        }

        public static ToolCallEvent of(ToolCall call) {
            return new ToolCallEvent(call.id(), call.name(), call.arguments());
        }
    }

    /**
     * A tool call waits for the user's approval (answered through the approval endpoint) before it runs;
     * {@code reason} says why it was not run at once.
     */
    record ToolApprovalEvent(String id, String toolName, ObjectNode arguments, String reason) implements ChatEvent {
        public String type() {
            return "tool_approval";
        }
    }

    /**
     * A running tool says how far it has got (an MCP server's progress notification): {@code progress} grows with
     * each report, {@code total} and {@code message} may be null. It always comes before the call's
     * {@link ToolResultEvent}.
     */
    record ToolProgressEvent(String id, String toolName, double progress, Double total, String message)
            implements ChatEvent {
        public String type() {
            return "tool_progress";
        }
    }

    /** A tool finished; {@code error} is null on success. */
    record ToolResultEvent(String id, String toolName, JsonNode result, String error) implements ChatEvent {
        public String type() {
            return "tool_result";
        }
    }

    /**
     * A user or assistant message of the turn is now stored, under {@code id}: the id that
     * {@code GET /sessions/{id}/messages} lists and an edit names. An assistant message names the {@code model}
     * that wrote it (null for the user's).
     */
    record MessageStored(Role role, long id, String model) implements ChatEvent {
        public MessageStored {
            Objects.requireNonNull(role, "role");
        }

        public MessageStored(Role role, long id) {
            this(role, id, null);
        }

        public String type() {
            return "message_stored";
        }
    }

    /**
     * The conversation passed the model's context, so its oldest messages were summarized: the note
     * {@code content} (stored as {@code summaryId}, covering the first {@code covers} messages of the history, up to
     * the message {@code throughMessageId}) stands in the prompt for {@code messages} more messages ({@code turns}
     * turns, about {@code tokens} prompt tokens) from now on.
     */
    record ContextCompacted(
            long summaryId, long throughMessageId, int turns, int messages, int tokens, int covers, String content)
            implements ChatEvent {
        public String type() {
            return "context_compacted";
        }
    }

    /** Something the client should see; the stream still ends with {@link Done}. */
    record ErrorEvent(String message, String code) implements ChatEvent {
        public ErrorEvent {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(code, "code");
        }

        public String type() {
            return "error";
        }
    }

    /** Always the last event of a turn. */
    record Done(FinishReason finishReason, Usage usage) implements ChatEvent {
        public String type() {
            return "done";
        }
    }
}
