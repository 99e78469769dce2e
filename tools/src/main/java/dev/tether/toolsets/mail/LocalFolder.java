package dev.tether.toolsets.mail;

import dev.tether.tool.ToolException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SearchTerm;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Maildir and mbox folders share: messages parsed on demand with {@link MimeMessage} (flags kept on the parsed
 * message), searched in memory with the same {@link SearchTerm}s IMAP gets.
 */
abstract class LocalFolder implements OpenFolder {

    private final Session session;
    private final Map<Message, Integer> positions = new IdentityHashMap<>();

    /** A session for parsing local files; raw UTF-8 headers (RFC 6532) are read as UTF-8. */
    static Session session() {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("mail.mime.allowutf8", "true");
        return Session.getInstance(props);
    }

    LocalFolder(Session session) {
        this.session = session;
    }

    /** The raw bytes of message {@code index} (0-based, oldest first). */
    abstract byte[] raw(int index);

    /** The flags of message {@code index}, set on the parsed message. */
    abstract jakarta.mail.Flags flags(int index);

    abstract String idOf(int index);

    /** The index of the message with this id, or -1. */
    abstract int indexOf(String id);

    final int indexOf(Message message) {
        Integer index = positions.get(message);
        if (index == null) {
            throw new IllegalArgumentException("message of another folder");
        }
        return index;
    }

    final Message parse(int index) {
        try {
            MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw(index)));
            message.setFlags(flags(index), true);
            positions.put(message, index);
            return message;
        } catch (MessagingException e) {
            throw new ToolException("cannot parse message " + idOf(index) + ": " + e.getMessage());
        }
    }

    @Override
    public List<Message> range(int from, int to) {
        List<Message> messages = new ArrayList<>();
        for (int i = Math.max(1, from); i <= Math.min(to, size()); i++) {
            messages.add(parse(i - 1));
        }
        return messages;
    }

    @Override
    public List<Message> search(SearchTerm term) {
        List<Message> matches = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            Message message = parse(i);
            if (term.match(message)) {
                matches.add(message);
            }
        }
        return matches;
    }

    @Override
    public String id(Message message) {
        return idOf(indexOf(message));
    }

    @Override
    public Message byId(String id) {
        int index = indexOf(id.strip());
        if (index < 0) {
            throw new ToolException("no message " + id + " in this folder");
        }
        return parse(index);
    }

    @Override
    public void close() {
        positions.clear();
    }
}
