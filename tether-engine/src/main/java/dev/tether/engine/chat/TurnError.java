package dev.tether.engine.chat;

import java.util.Objects;

/**
 * Why an answer failed, kept with the assistant message so a reload shows it: a stable {@code code} (as in the
 * stream's {@code error} event) and the sentence for the user. It is never part of what a model reads.
 */
public record TurnError(String code, String message) {
    public TurnError {
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
    }
}
