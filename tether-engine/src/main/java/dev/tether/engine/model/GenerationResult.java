package dev.tether.engine.model;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Usage;

/** How a model call ended ({@code STOP}, {@code LENGTH}, {@code CANCELLED}) and what it cost. */
public record GenerationResult(FinishReason finishReason, Usage usage) {
}
