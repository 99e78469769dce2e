package dev.tether.engine.loop;

import dev.tether.engine.chat.Role;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.StoredMessage;
import java.util.List;

/**
 * Turns a regenerate into {@link HistoryEdit.Again} of the active path's newest user message and checks an edit's
 * message, against the store before the stream starts. The turn itself starts the new branch once it holds the
 * session.
 */
final class Rewind {

    private Rewind() {}

    static TurnRequest resolve(SessionStore store, TurnRequest request) {
        return switch (request.edit()) {
            case HistoryEdit.Append append -> request;
            case HistoryEdit.Again again -> request;
            case HistoryEdit.Regenerate regenerate -> {
                StoredMessage last = lastUserMessage(store.history(request.sessionId()));
                yield new TurnRequest(
                        request.sessionId(),
                        last.message().content(),
                        request.modelName(),
                        request.options(),
                        new HistoryEdit.Again(last.id()),
                        request.interactiveApproval());
            }
            case HistoryEdit.Edit edit -> {
                StoredMessage target = store.history(request.sessionId()).stream()
                        .filter(m -> m.id() == edit.messageId())
                        .findFirst()
                        .orElseThrow(() -> new EngineException(
                                ErrorCode.MESSAGE_NOT_FOUND, "this session has no message " + edit.messageId()));
                if (target.message().role() != Role.USER) {
                    throw new EngineException(
                            ErrorCode.NOT_A_USER_MESSAGE,
                            "only a user message can be edited; message " + edit.messageId() + " is "
                                    + target.message().role().wireName());
                }
                yield request;
            }
        };
    }

    private static StoredMessage lastUserMessage(List<StoredMessage> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).message().role() == Role.USER) {
                return history.get(i);
            }
        }
        throw new EngineException(ErrorCode.NOTHING_TO_REGENERATE, "this session has no message to answer again");
    }
}
