package dev.tether.toolsets.mail;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeMessage;
import java.util.List;

/** A real IMAP + SMTP server (GreenMail) on loopback ports picked by the OS, seeded with {@link MailSeed}. */
final class ImapServer implements AutoCloseable {

    static final String PASSWORD = "Imap-Secret-7x!Q";

    final GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    final GreenMailUser anna;
    final GreenMailUser bob;

    ImapServer() throws Exception {
        greenMail.start();
        anna = greenMail.setUser(MailSeed.ME, "anna", PASSWORD);
        bob = greenMail.setUser("bob@example.org", "bob", "bob-password");
        for (MimeMessage message : MailSeed.messages()) {
            anna.deliver(message);
        }
        greenMail.getManagers().getImapHostManager().createMailbox(anna, "Archive");
        folder("INBOX").getMessages().getFirst().setFlags(new Flags(Flags.Flag.SEEN), true);
    }

    int imapPort() {
        return greenMail.getImap().getPort();
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    MailFolder folder(String name) {
        return greenMail.getManagers().getImapHostManager().getFolder(anna, name);
    }

    List<StoredMessage> messages(String name) {
        MailFolder folder = folder(name);
        return folder == null ? List.of() : folder.getMessages();
    }

    /** Tool args for this server; {@code extra} is more YAML at the top level. */
    String args(String extra) {
        return """
                address: anna@example.org
                connect_timeout_ms: 2000
                read_timeout_ms: 5000
                imap:
                  { host: 127.0.0.1, port: %d, security: none, username_env: MAIL_USER, password_env: MAIL_PASSWORD }
                %s
                """.formatted(imapPort(), extra);
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
