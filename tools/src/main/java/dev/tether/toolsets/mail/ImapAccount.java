package dev.tether.toolsets.mail;

import dev.tether.tool.ToolException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** An IMAP account: one connection per call, closed when the call's folder is closed. */
final class ImapAccount implements MailAccount {

    private final MailSettings settings;
    private final MailSettings.Server server;
    private final Session session;
    private final String protocol;

    ImapAccount(MailSettings settings) {
        this.settings = settings;
        this.server = settings.imap().orElseThrow();
        this.protocol = server.security() == MailSettings.Security.SSL ? "imaps" : "imap";
        this.session = Session.getInstance(properties(server, protocol));
    }

    /** Session properties: timeouts always set, TLS as configured, no debug output (it would show the login). */
    static Properties properties(MailSettings.Server server, String protocol) {
        Properties props = new Properties();
        String p = "mail." + protocol + ".";
        props.setProperty(p + "host", server.host());
        props.setProperty(p + "port", Integer.toString(server.port()));
        props.setProperty(
                p + "connectiontimeout", Long.toString(server.connectTimeout().toMillis()));
        props.setProperty(p + "timeout", Long.toString(server.readTimeout().toMillis()));
        props.setProperty(p + "writetimeout", Long.toString(server.readTimeout().toMillis()));
        if (server.security() == MailSettings.Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (server.sslTrust().isPresent()) {
            // the user vouches for these hosts (a self-signed certificate at home): no CA or name check
            props.setProperty(p + "ssl.trust", server.sslTrust().get());
            props.setProperty(p + "ssl.checkserveridentity", "false");
        } else if (server.security() != MailSettings.Security.NONE) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        if (protocol.startsWith("imap")) {
            props.setProperty(p + "peek", "true"); // BODY.PEEK: reading never sets \Seen, even on lax servers
            props.setProperty(p + "fetchsize", "262144");
        }
        props.setProperty("mail.debug", "false");
        return props;
    }

    @Override
    public Session session() {
        return session;
    }

    private Store connect() {
        try {
            Store store = session.getStore(protocol);
            store.connect(server.host(), server.port(), server.username(), server.password());
            return store;
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        }
    }

    @Override
    public OpenFolder open(String name, boolean write) {
        Store store = connect();
        try {
            Folder folder = store.getFolder(name);
            if (!folder.exists()) {
                throw new ToolException("no mail folder '" + name + "'; folders: " + names(store));
            }
            folder.open(write ? Folder.READ_WRITE : Folder.READ_ONLY);
            return new ImapFolder(settings, store, folder);
        } catch (MessagingException e) {
            closeQuietly(store);
            throw MailErrors.of(settings, "imap", e);
        } catch (RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    @Override
    public List<String> folders() {
        return withStore(this::names);
    }

    private List<String> names(Store store) {
        try {
            List<String> names = new ArrayList<>();
            for (Folder f : store.getDefaultFolder().list("*")) {
                if ((f.getType() & Folder.HOLDS_MESSAGES) != 0) {
                    names.add(f.getFullName());
                }
            }
            return names;
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        }
    }

    @Override
    public void saveDraft(MimeMessage draft, String draftsFolder) {
        withStore(store -> {
            Folder drafts = store.getFolder(draftsFolder);
            if (!drafts.exists() && !drafts.create(Folder.HOLDS_MESSAGES)) {
                throw new ToolException("cannot create the drafts folder '" + draftsFolder + "'");
            }
            draft.setFlag(Flags.Flag.DRAFT, true);
            draft.setFlag(Flags.Flag.SEEN, true);
            drafts.appendMessages(new Message[] {draft});
            return null;
        });
    }

    /** Work on one connection of its own. */
    @FunctionalInterface
    private interface StoreWork<T> {
        T apply(Store store) throws MessagingException;
    }

    /** Runs {@code work} on a fresh connection and closes it afterwards, whatever happens. */
    private <T> T withStore(StoreWork<T> work) {
        Store store = connect();
        try {
            return work.apply(store);
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        } finally {
            closeQuietly(store);
        }
    }

    static void closeQuietly(Store store) {
        try {
            store.close();
        } catch (MessagingException | RuntimeException ignored) {
            // closing after a failure: nothing more to report
        }
    }
}
