package dev.tether.engine.session;

import dev.tether.engine.chat.TurnError;

/**
 * The columns of issue #25 on a stored message: the model that wrote an answer (which becomes its session's model)
 * and a failed answer's error.
 */
final class ModelAndError {

    static final String COLUMNS = "model, error_code, error_message";

    private ModelAndError() {}

    static TurnError error(String code, String message) {
        return code == null ? null : new TurnError(code, message);
    }
}
