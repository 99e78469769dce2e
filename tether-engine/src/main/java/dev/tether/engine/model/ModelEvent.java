package dev.tether.engine.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a model produces while it generates, typed: providers that receive structured output (OpenAI-compatible
 * servers, Ollama, llama-server) emit these directly; providers that write plain text run it through their tool
 * format's parser first ({@code parse.TextModelProvider}). How the call ended and its usage come back as a
 * {@link GenerationResult}.
 */
public sealed interface ModelEvent {

    /** Visible answer text. */
    record Text(String text) implements ModelEvent {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Reasoning text, shown apart from the answer. */
    record Thinking(String text) implements ModelEvent {
        public Thinking {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A complete tool call; the tool loop gives it an id of its own. */
    record Call(String name, ObjectNode arguments) implements ModelEvent {
        public Call {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    /** A tool call that cannot be used (never closed, too long, arguments not a JSON object), and why. */
    record InvalidCall(String message) implements ModelEvent {
        public InvalidCall {
            Objects.requireNonNull(message, "message");
        }
    }
}
