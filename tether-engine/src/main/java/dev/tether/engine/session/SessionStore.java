package dev.tether.engine.session;

import dev.tether.engine.chat.Message;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where conversations live. Every method is safe to call from many threads; a write is durable when it returns.
 * Failures surface as {@link dev.tether.engine.error.EngineException} (kind UNAVAILABLE, code {@code store_error}).
 */
public interface SessionStore extends AutoCloseable {

    Session create(String title, String systemPrompt);

    Optional<Session> find(UUID id);

    /** Newest first (by last update, then creation). */
    List<Session> list(int limit, int offset);

    /** Empty if the session does not exist. */
    Optional<Session> update(UUID id, SessionUpdate update);

    /** Deletes the session and its messages; false if it did not exist. */
    boolean delete(UUID id);

    /** Deletes every session; returns how many. */
    int deleteAll();

    /**
     * Appends in order and touches the session's {@code updatedAt}; returns the stored message's id (as
     * {@link #history} lists it). Unknown session: NOT_FOUND.
     */
    long append(UUID sessionId, Message message);

    /** Oldest first; empty for an unknown session. */
    List<Message> messages(UUID sessionId);

    /** Oldest first, each with its stable id; empty for an unknown session. */
    List<StoredMessage> history(UUID sessionId);

    /**
     * Deletes the message {@code messageId} and every later one of this session, in one transaction; false (and
     * nothing deleted) when the session holds no such message.
     */
    boolean truncateFrom(UUID sessionId, long messageId);

    /**
     * Sessions whose title, or one of whose user or assistant messages, holds every word of {@code text} (as word
     * prefixes, ignoring case and accents); newest first like {@link #list}. Text without a word matches nothing.
     */
    List<Session> search(String text, int limit, int offset);

    /** Keeps a response of the Responses API; deleting its session deletes it. */
    default void saveResponse(StoredResponse response) {
        throw new dev.tether.engine.error.EngineException(
                dev.tether.engine.error.ErrorCode.STORE_ERROR, "this session store keeps no responses");
    }

    /** A response kept by {@link #saveResponse}; empty when unknown or its session was deleted. */
    default Optional<StoredResponse> response(String id) {
        return Optional.empty();
    }

    /** Stores a compaction's note for the session; a message it names must be the session's. */
    default Summary saveSummary(UUID sessionId, Summary.Draft draft) {
        throw new dev.tether.engine.error.EngineException(
                dev.tether.engine.error.ErrorCode.STORE_ERROR, "this session store keeps no summaries");
    }

    /** The session's summaries, oldest first; deleting a message a summary covers up to deletes the summary. */
    default List<Summary> summaries(UUID sessionId) {
        return List.of();
    }

    /** Replaces a summary's text; empty when the session holds no such summary. */
    default Optional<Summary> editSummary(UUID sessionId, long summaryId, String content) {
        return Optional.empty();
    }

    /** A cheap check that the store answers (for readiness). */
    boolean healthy();

    @Override
    void close();
}
