package dev.tether.engine.session;

import dev.tether.engine.chat.Message;
import java.util.List;
import java.util.Map;
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

    /** The parent of a session's first messages: no message has this id. */
    long ROOT = 0;

    /**
     * Appends after the session's active leaf, makes the new message the active leaf and touches the session's
     * {@code updatedAt}; returns the stored message's id (as {@link #history} lists it). Unknown session: NOT_FOUND.
     */
    long append(UUID sessionId, Message message);

    /**
     * Appends as a child of {@code parentId} ({@link #ROOT}: a new first message), a sibling of its other children,
     * and makes the new message the active leaf; the other branches stay. Unknown session: NOT_FOUND; a parent that is
     * not this session's: {@code message_not_found}.
     */
    long appendAfter(UUID sessionId, long parentId, Message message);

    /** The active path, oldest first: what the model sees; empty for an unknown session. */
    List<Message> messages(UUID sessionId);

    /** The active path (from the root to the active leaf), each with its stable id; empty for an unknown session. */
    List<StoredMessage> history(UUID sessionId);

    /** The path from the root to {@code messageId}, oldest first; empty when this session has no such message. */
    List<StoredMessage> path(UUID sessionId, long messageId);

    /**
     * Shows the branch through {@code messageId}: the newest leaf under it (itself when it has no children) becomes
     * the active leaf. False (and nothing changed) when this session has no such message.
     */
    boolean activate(UUID sessionId, long messageId);

    /**
     * Where the session's tree branches: for each parent with more than one child ({@link #ROOT} for first
     * messages), its children's ids, oldest first. Empty for a straight conversation or an unknown session.
     */
    Map<Long, List<Long>> branches(UUID sessionId);

    /** The active path, where the tree branches, and the summaries, read in one snapshot. */
    ConversationView view(UUID sessionId);

    /** What {@link #view} read: {@link #history}, {@link #branches} and {@link #summaries} of one moment. */
    record ConversationView(List<StoredMessage> history, Map<Long, List<Long>> branches, List<Summary> summaries) {}

    /**
     * Sessions whose title, or one of whose user or assistant messages, holds every word of {@code text} (as word
     * prefixes, ignoring case and accents); newest first like {@link #list}. Text without a word matches nothing.
     */
    List<Session> search(String text, int limit, int offset);

    /**
     * {@link #search}, with where each session matched: its title and a snippet of its best-matching message (and its
     * id), the matching words marked.
     */
    List<SearchHit> searchHits(String text, int limit, int offset);

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
