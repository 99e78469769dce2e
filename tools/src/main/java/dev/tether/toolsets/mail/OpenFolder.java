package dev.tether.toolsets.mail;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.search.SearchTerm;
import java.util.List;

/**
 * One folder, open for one call. Messages are numbered 1..size, oldest first (as IMAP numbers them); an id is
 * stable across calls (an IMAP UID, a Maildir file name, an mbox position).
 */
interface OpenFolder extends AutoCloseable {

    int size();

    /** Messages {@code from..to} (1-based, inclusive), oldest first. */
    List<Message> range(int from, int to);

    /** The messages matching {@code term}, oldest first. */
    List<Message> search(SearchTerm term);

    /**
     * Like {@link #search} but matched here, on decoded headers, over the newest {@code max} messages: for servers
     * whose own search misses non-ASCII names and subjects.
     */
    default List<Message> scan(SearchTerm term, int max) {
        return search(term);
    }

    String id(Message message);

    /** The message with this id, or a ToolException naming it. */
    Message byId(String id);

    void move(Message message, String targetFolder);

    void setFlag(Message message, Flags.Flag flag, boolean on);

    @Override
    void close();
}
