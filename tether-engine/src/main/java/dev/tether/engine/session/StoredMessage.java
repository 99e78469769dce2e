package dev.tether.engine.session;

import dev.tether.engine.chat.Message;
import java.util.Objects;

/**
 * A message as the store holds it: {@code id} is stable for the message's life and grows with each append;
 * {@code parentId} is the message it follows in the session's tree ({@link SessionStore#ROOT} for a first message).
 */
public record StoredMessage(long id, Message message, long parentId) {
    public StoredMessage {
        Objects.requireNonNull(message, "message");
    }

    public StoredMessage(long id, Message message) {
        this(id, message, SessionStore.ROOT);
    }
}
