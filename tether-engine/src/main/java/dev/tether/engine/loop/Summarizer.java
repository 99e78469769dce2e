package dev.tether.engine.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelProvider;
import java.util.List;

/**
 * Writes the note of a compaction: one bounded call of the turn's own model, not streamed to the client, that
 * reads the earlier note and the messages it must now cover as a transcript and answers with a short summary.
 */
final class Summarizer {

    static final String INSTRUCTION = "You write the memory of a conversation between a user and an assistant. "
            + "Summarize the transcript you are given in a short note: the user's goals, facts and preferences "
            + "they stated, decisions made, results of tools, and open questions. Write only the note, in the "
            + "language of the conversation, without a preamble, as {\"note\": \"...\"}.";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The answer's shape, {@code {"note": "..."}}: an engine that constrains sampling to it (llama-server, the embedded
     * engine) starts the note at once, so a reasoning model cannot spend the whole budget thinking first.
     */
    static final ResponseFormat NOTE_FORMAT = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "note", noteSchema());

    private final ModelProvider provider;
    private final String model;
    private final int maxTokens;
    private final int maxToolChars;

    Summarizer(ModelProvider provider, String model, int maxTokens, int maxToolChars) {
        this.provider = provider;
        this.model = model;
        this.maxTokens = maxTokens;
        this.maxToolChars = maxToolChars;
    }

    /**
     * The note covering {@code earlier} (the note so far, or null) and {@code messages}, sampled with the turn's
     * {@code seed} (null: any); throws when none came.
     */
    String summarize(String earlier, List<Message> messages, Long seed, Cancellation cancel) {
        GenerationRequest request = new GenerationRequest(
                model,
                List.of(Message.system(INSTRUCTION), Message.user(transcript(earlier, messages))),
                List.of(),
                new ChatOptions(maxTokens, 0.2, null, seed, List.of(), List.of(), ToolChoice.NONE)
                        .withResponseFormat(NOTE_FORMAT),
                cancel,
                null,
                maxToolChars,
                true);
        StringBuilder text = new StringBuilder();
        boolean[] reasoned = {false};
        GenerationResult result = provider.generate(request, event -> {
            if (event instanceof ModelEvent.Text t) {
                text.append(t.text());
            } else if (event instanceof ModelEvent.Thinking) {
                reasoned[0] = true;
            }
        });
        if (result.finishReason() == FinishReason.CANCELLED || cancel.isCancelled()) {
            throw new EngineException(ErrorCode.PROVIDER_ERROR, "the summary was cancelled");
        }
        if (text.toString().isBlank()) {
            throw new EngineException(
                    ErrorCode.PROVIDER_ERROR,
                    reasoned[0] && result.finishReason() == FinishReason.LENGTH
                            ? "the model reasoned until context.summary_max_tokens (" + maxTokens
                                    + ") ran out, and wrote no summary"
                            : "the model wrote an empty summary");
        }
        return note(text.toString());
    }

    /**
     * The note in the answer: {@code {"note": ...}} as {@link #NOTE_FORMAT} asks (also when the length limit cut the
     * JSON short), or the plain text of an engine that does not constrain its answers.
     */
    static String note(String answer) {
        String text = answer.strip();
        if (!text.startsWith("{")) {
            return text;
        }
        for (String candidate : List.of(text, text + "\"}", text + "}")) {
            try {
                JsonNode note = JSON.readTree(candidate).path("note");
                if (note.isTextual() && !note.asText().isBlank()) {
                    return note.asText().strip();
                }
            } catch (java.io.IOException e) {
                // not (yet) the whole object: try it closed
            }
        }
        return text;
    }

    /** The earlier note and the messages as plain text, one paragraph each. */
    static String transcript(String earlier, List<Message> messages) {
        StringBuilder out = new StringBuilder("Transcript to summarize:\n\n");
        if (earlier != null) {
            out.append("Summary of what came before: ").append(earlier.strip()).append("\n\n");
        }
        for (Message m : messages) {
            if (m.role() == Role.TOOL) {
                out.append("Tool ").append(m.name()).append(" returned: ").append(m.content());
            } else {
                out.append(m.role() == Role.USER ? "User: " : "Assistant: ").append(m.content());
                for (ToolCall call : m.toolCalls()) {
                    out.append("\nAssistant called tool ")
                            .append(call.name())
                            .append(" with ")
                            .append(call.arguments());
                }
            }
            out.append("\n\n");
        }
        return out.append("Write the note now.").toString();
    }

    private static ObjectNode noteSchema() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object").put("additionalProperties", false);
        schema.putObject("properties").putObject("note").put("type", "string");
        schema.putArray("required").add("note");
        return schema;
    }
}
