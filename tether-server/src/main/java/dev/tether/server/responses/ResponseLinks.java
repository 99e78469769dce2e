package dev.tether.server.responses;

import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.StoredMessage;
import dev.tether.engine.session.StoredResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Responses as points in Tether sessions. A response without {@code previous_response_id} starts a session; one
 * that continues the newest point of its session adds to that session; one that continues an older point (a
 * branch, or a point the session has since switched away from) starts a new session holding the history up to that
 * point. The store keeps each response's id, its session, its point (the message it ended at) and its body.
 */
final class ResponseLinks {

    /** The point a request continues from: its session, the message it ended at, and the path to that message. */
    record Point(UUID sessionId, long leafId, List<Message> history) {}

    private final SessionStore store;
    private final int maxTitleChars;
    // one save at a time, so two responses continuing the same point cannot interleave their messages
    private final ReentrantLock saving = new ReentrantLock();

    ResponseLinks(SessionStore store, int maxTitleChars) {
        this.store = store;
        this.maxTitleChars = maxTitleChars;
    }

    /** The point {@code responseId} ended at; empty when unknown, not stored, or its session is gone. */
    Optional<Point> find(String responseId) {
        return store.response(responseId).flatMap(r -> {
            List<StoredMessage> path = store.path(r.sessionId(), r.leafId());
            if (path.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Point(
                    r.sessionId(),
                    r.leafId(),
                    path.stream().map(StoredMessage::message).toList()));
        });
    }

    Optional<String> body(String responseId) {
        return store.response(responseId).map(StoredResponse::body);
    }

    /** Keeps {@code added} (this request's input and the answer) after {@code from} (null: a new conversation). */
    void save(String responseId, Point from, List<Message> added, String body) {
        saving.lock();
        try {
            UUID session;
            long tail;
            List<Message> before = from == null ? List.of() : from.history();
            if (from != null && activeLeaf(from.sessionId()) == from.leafId()) {
                session = from.sessionId();
                tail = from.leafId();
            } else {
                session = store.create(title(before, added), null).id();
                tail = appendAll(session, SessionStore.ROOT, before);
            }
            tail = appendAll(session, tail, added);
            store.saveResponse(new StoredResponse(responseId, session, before.size() + added.size(), body, tail));
        } finally {
            saving.unlock();
        }
    }

    private long activeLeaf(UUID session) {
        List<StoredMessage> path = store.history(session);
        return path.isEmpty() ? SessionStore.ROOT : path.getLast().id();
    }

    /** Appends {@code messages} in order after {@code parent}; returns the last one's id. */
    private long appendAll(UUID session, long parent, List<Message> messages) {
        long tail = parent;
        for (Message m : messages) {
            tail = store.appendAfter(session, tail, m);
        }
        return tail;
    }

    /** The first user message, cut to {@code limits.max_title_chars}. */
    private String title(List<Message> before, List<Message> added) {
        List<Message> all = new ArrayList<>(before);
        all.addAll(added);
        String text = all.stream()
                .filter(m -> m.role() == Role.USER)
                .map(Message::content)
                .findFirst()
                .orElse("")
                .strip()
                .replaceAll("\\s+", " ");
        return text.length() <= maxTitleChars ? text : text.substring(0, maxTitleChars);
    }
}
