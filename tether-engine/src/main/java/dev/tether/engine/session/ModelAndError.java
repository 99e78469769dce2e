package dev.tether.engine.session;

import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.TurnError;
import io.helidon.dbclient.DbTransaction;
import java.util.UUID;

/**
 * The columns of issue #25 on a stored message: the model that wrote an answer (which becomes its session's model)
 * and a failed answer's error. Written in the append's own transaction.
 */
final class ModelAndError {

    static final String COLUMNS = "model, error_code, error_message";

    private ModelAndError() {}

    static void write(DbTransaction tx, UUID sessionId, long messageId, Message message) {
        if (message.model() == null && message.error() == null) {
            return;
        }
        TurnError error = message.error();
        tx.update(
                "UPDATE messages SET model = ?, error_code = ?, error_message = ? WHERE id = ?",
                message.model(),
                error == null ? null : error.code(),
                error == null ? null : error.message(),
                messageId);
        if (message.model() != null) {
            tx.update("UPDATE sessions SET model = ? WHERE id = ?", message.model(), sessionId.toString());
        }
    }

    static TurnError error(String code, String message) {
        return code == null ? null : new TurnError(code, message);
    }
}
