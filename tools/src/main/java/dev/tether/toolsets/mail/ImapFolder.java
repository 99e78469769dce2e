package dev.tether.toolsets.mail;

import dev.tether.tool.ToolException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.SearchTerm;
import java.util.Arrays;
import java.util.List;
import org.eclipse.angus.mail.iap.BadCommandException;
import org.eclipse.angus.mail.iap.CommandFailedException;

/** An open IMAP folder; ids are UIDs. Searching runs on the server. */
record ImapFolder(MailSettings settings, Store store, Folder folder) implements OpenFolder {

    /** How many of the newest messages a search checks itself when the server cannot search. */
    static final int SCAN_LIMIT = 2000;

    @Override
    public int size() {
        try {
            return folder.getMessageCount();
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        }
    }

    @Override
    public List<Message> range(int from, int to) {
        if (to < from) {
            return List.of();
        }
        try {
            return fetched(folder.getMessages(from, to));
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        }
    }

    @Override
    public List<Message> search(SearchTerm term) {
        try {
            return fetched(folder.search(term));
        } catch (MessagingException e) {
            if (e.getCause() instanceof BadCommandException || e.getCause() instanceof CommandFailedException) {
                // the server cannot search for this (some refuse an '@' or a charset): match here instead
                return scan(term, SCAN_LIMIT);
            }
            throw MailErrors.of(settings, "imap", e);
        }
    }

    @Override
    public List<Message> scan(SearchTerm term, int max) {
        int size = size();
        List<Message> matches = new java.util.ArrayList<>();
        for (Message message : range(Math.max(1, size - max + 1), size)) {
            if (term.match(message)) {
                matches.add(message);
            }
        }
        return matches;
    }

    private List<Message> fetched(Message[] messages) throws MessagingException {
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(messages, profile);
        return Arrays.asList(messages);
    }

    @Override
    public String id(Message message) {
        try {
            return Long.toString(((UIDFolder) folder).getUID(message));
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        }
    }

    @Override
    public Message byId(String id) {
        long uid;
        try {
            uid = Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new ToolException("'" + id + "' is not a message id of this account (ids are numbers)");
        }
        try {
            Message message = ((UIDFolder) folder).getMessageByUID(uid);
            if (message == null) {
                throw new ToolException("no message " + id + " in " + folder.getFullName());
            }
            return message;
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        }
    }

    @Override
    public void move(Message message, String targetFolder) {
        try {
            Folder target = store.getFolder(targetFolder);
            if (!target.exists()) {
                throw new ToolException("no mail folder '" + targetFolder + "'");
            }
            folder.copyMessages(new Message[] {message}, target);
            message.setFlag(Flags.Flag.DELETED, true);
            folder.expunge();
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        }
    }

    @Override
    public void setFlag(Message message, Flags.Flag flag, boolean on) {
        try {
            message.setFlag(flag, on);
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        }
    }

    @Override
    public void close() {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException | RuntimeException ignored) {
            // the store close below ends the connection either way
        }
        ImapAccount.closeQuietly(store);
    }
}
