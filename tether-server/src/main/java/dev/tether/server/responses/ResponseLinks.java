package dev.tether.server.responses;

import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.StoredResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Responses as points in Tether sessions. A response without {@code previous_response_id} starts a session; one
 * that continues the newest point of its session adds to that session; one that continues an older point (a
 * branch) starts a new session holding the history up to that point. The store keeps each response's id, its
 * session, its point (how many messages) and its body.
 */
final class ResponseLinks {

    /** The point a request continues from: its session, how many messages it had, and those messages. */
    record Point(UUID sessionId, int messageCount, List<Message> history) {}

    private final SessionStore store;
    private final int maxTitleChars;
    // one save at a time, so two responses continuing the same point cannot interleave their messages
    private final ReentrantLock saving = new ReentrantLock();

    ResponseLinks(SessionStore store, int maxTitleChars) {
        this.store = store;
        this.maxTitleChars = maxTitleChars;
    }

    /** The point {@code responseId} ended at; empty when unknown, not stored, or its session is gone or shorter. */
    Optional<Point> find(String responseId) {
        return store.response(responseId).flatMap(r -> {
            List<Message> messages = store.messages(r.sessionId());
            if (messages.size() < r.messageCount()) {
                return Optional.empty();
            }
            return Optional.of(new Point(r.sessionId(), r.messageCount(), messages.subList(0, r.messageCount())));
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
            if (from != null && store.messages(from.sessionId()).size() == from.messageCount()) {
                session = from.sessionId();
            } else {
                List<Message> before = from == null ? List.of() : from.history();
                session = store.create(title(before, added), null).id();
                before.forEach(m -> store.append(session, m));
            }
            added.forEach(m -> store.append(session, m));
            int count = (from == null ? 0 : from.messageCount()) + added.size();
            store.saveResponse(new StoredResponse(responseId, session, count, body));
        } finally {
            saving.unlock();
        }
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
