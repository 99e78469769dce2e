package dev.tether.toolsets.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** Where the mail is: an IMAP server or local files. Each call opens what it needs and closes it. */
interface MailAccount {

    /** Opens a folder by name ({@code INBOX}, {@code Archive}, …); read-only unless {@code write}. */
    OpenFolder open(String folder, boolean write);

    /** The folder names, for error messages and the model. */
    List<String> folders();

    /** Stores {@code draft} in the drafts folder (created if missing), flagged as a draft. */
    void saveDraft(MimeMessage draft, String draftsFolder);

    /** The session new messages (replies) are made in. */
    Session session();

    static MailAccount of(MailSettings settings) {
        if (settings.imap().isPresent()) {
            return new ImapAccount(settings);
        }
        if (settings.maildir().isPresent()) {
            return new MaildirAccount(settings.maildir().get());
        }
        return new MboxAccount(settings.mbox().orElseThrow());
    }
}
