package dev.tether.engine.loop;

import dev.tether.engine.chat.Message;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.StoredMessage;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Where a turn joins the session's message tree: the stored path the model sees before the prompt, the prompt (null
 * when the turn answers a stored prompt again, a regenerate), and the stored message its answer follows. That is the
 * prompt written by {@code promptWrite} (started on its own virtual thread; its result is the id), or, for a
 * regenerate, {@code promptWrite} is null and {@code parent} is that prompt.
 */
record TurnStart(List<StoredMessage> stored, Message prompt, CompletableFuture<Long> promptWrite, long parent) {

    static TurnStart of(SessionStore store, UUID session, TurnRequest request) {
        Message user = Message.user(request.prompt());
        return switch (request.edit()) {
            case HistoryEdit.Again again ->
                new TurnStart(branchPoint(store, session, again.messageId()), null, null, again.messageId());
            case HistoryEdit.Edit edit -> {
                List<StoredMessage> path = branchPoint(store, session, edit.messageId());
                long parent = path.getLast().parentId();
                yield new TurnStart(
                        path.subList(0, path.size() - 1),
                        user,
                        UserMessageWrite.start(() -> store.appendAfter(session, parent, user)),
                        SessionStore.ROOT);
            }
            case HistoryEdit.Append append -> {
                List<StoredMessage> path = store.history(session);
                // after the message the model reads last, even if another branch is shown meanwhile
                long parent =
                        path.isEmpty() ? SessionStore.ROOT : path.getLast().id();
                yield new TurnStart(
                        path,
                        user,
                        UserMessageWrite.start(() -> store.appendAfter(session, parent, user)),
                        SessionStore.ROOT);
            }
            case HistoryEdit.Regenerate regenerate ->
                throw new IllegalStateException("a regenerate is resolved before its turn");
        };
    }

    /** The stored path to {@code messageId}, where the turn branches off; gone since the request was checked: 409. */
    private static List<StoredMessage> branchPoint(SessionStore store, UUID session, long messageId) {
        List<StoredMessage> path = store.path(session, messageId);
        if (path.isEmpty()) {
            throw new EngineException(ErrorCode.MESSAGE_GONE, "message " + messageId + " is gone");
        }
        return path;
    }
}
