package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a {@link ToolCallParser} finds in model text. */
public sealed interface ParseEvent {

    /** Visible text, to be shown and stored. */
    record Text(String text) implements ParseEvent {}

    /** Reasoning text (inside {@code <think>…</think>}). */
    record Thinking(String text) implements ParseEvent {}

    /** A complete tool call; {@code id} is null unless the model's format carries one (Mistral does). */
    record Call(String id, String name, ObjectNode arguments) implements ParseEvent {}

    /** Tool-call markup that could not be parsed: never closed, too long, or not valid JSON. */
    record Invalid(String message) implements ParseEvent {}
}
