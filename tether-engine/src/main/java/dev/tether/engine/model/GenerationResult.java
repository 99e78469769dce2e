package dev.tether.engine.model;

import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Usage;
import java.util.List;

/**
 * How a model call ended ({@code STOP}, {@code LENGTH}, {@code CANCELLED}) and what it cost. {@code notices} are
 * things the client should be told although the call succeeded (e.g. {@code context_trimmed}); the tool loop
 * sends each as an {@code error} event.
 */
public record GenerationResult(FinishReason finishReason, Usage usage, List<ErrorEvent> notices) {

    public GenerationResult {
        notices = notices == null ? List.of() : List.copyOf(notices);
    }

    public GenerationResult(FinishReason finishReason, Usage usage) {
        this(finishReason, usage, List.of());
    }
}
