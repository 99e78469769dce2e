package dev.tether.engine.session;

import dev.tether.engine.chat.Message;
import java.util.Objects;

/** A message as the store holds it: {@code id} is stable for the message's life and grows with each append. */
public record StoredMessage(long id, Message message) {
    public StoredMessage {
        Objects.requireNonNull(message, "message");
    }
}
