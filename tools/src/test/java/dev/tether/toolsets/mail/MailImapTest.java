package dev.tether.toolsets.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.store.StoredMessage;
import dev.tether.tool.ToolException;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailImapTest {

    private static final Map<String, String> ENV = Map.of("MAIL_USER", "anna", "MAIL_PASSWORD", ImapServer.PASSWORD);

    @TempDir
    Path dir;

    private ImapServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ImapServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private <T> T tool(java.util.function.Function<dev.tether.tool.ToolContext, T> make, String extra) {
        return make.apply(MailSeed.context(server.args(extra), dir, ENV));
    }

    private String idOf(String subject) {
        return tool(MailTestTools::search, "")
                .run("INBOX", "", subject, "", "", "", false, 5)
                .messages()
                .getFirst()
                .id();
    }

    @Test
    void listsNewestFirstInPagesWithUnreadFlags() {
        MailListTool list = tool(MailTestTools::list, "");

        MailListTool.Page first = list.run("INBOX", 0, 2, false);
        MailListTool.Page last = list.run("INBOX", 4, 2, false);

        assertThat(first.total()).isEqualTo(5);
        assertThat(first.messages())
                .extracting(MessageSummary::subject)
                .containsExactly("Quarterly report", "Your invoice for March");
        assertThat(first.nextOffset()).isEqualTo(2);
        assertThat(last.messages()).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("Lunch on Friday?");
            assertThat(m.from()).isEqualTo("Bob Builder <bob@example.org>");
            assertThat(m.unread()).isFalse();
        });
        assertThat(last.nextOffset()).isNull();
        assertThat(list.run("INBOX", 0, 20, true).messages()).hasSize(4).allMatch(MessageSummary::unread);
    }

    @Test
    void searchesBySenderNonAsciiSubjectTextAndDates() {
        MailSearchTool search = tool(MailTestTools::search, "");

        assertThat(search.run("INBOX", "müller", "", "", "", "", false, 20).messages())
                .extracting(MessageSummary::subject)
                .containsExactly("Grüße aus München – Änderung des Termins");
        assertThat(search.run("INBOX", "", "München", "", "", "", false, 20).messages())
                .hasSize(1);
        assertThat(search.run("INBOX", "bob@example.org", "", "", "", "", false, 20)
                        .messages())
                .extracting(MessageSummary::subject)
                .containsExactly("Lunch on Friday?");
        assertThat(search.run("INBOX", "", "", "italian place", "", "", false, 20)
                        .messages())
                .extracting(MessageSummary::subject)
                .containsExactly("Lunch on Friday?");
        assertThat(search.run("INBOX", "", "", "", "2026-03-12", "2026-03-15", false, 20)
                        .messages())
                .extracting(MessageSummary::subject)
                .containsExactly("Your March deals", "Grüße aus München – Änderung des Termins");
        assertThatThrownBy(() -> search.run("INBOX", "", "", "", "", "", false, 20))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("at least one");
    }

    @Test
    void readsThePlainAlternativeAndDoesNotMarkTheMessageRead() {
        MailReadTool read = tool(MailTestTools::read, "");

        MailReadTool.Read mail = read.run(idOf("München"), "INBOX", 0, 0);

        assertThat(mail.from()).isEqualTo("Jürgen Müller <juergen@example.de>");
        assertThat(mail.text())
                .startsWith("Hallo Anna,")
                .contains("Dienstag, 14 Uhr")
                .doesNotContain("HTML-VERSION");
        assertThat(mail.truncated()).isFalse();
        assertThat(server.messages("INBOX").get(1).isSet(Flags.Flag.SEEN)).isFalse();
    }

    @Test
    void htmlOnlyMailBecomesTextWithoutTagsScriptsOrStyles() {
        MailReadTool.Read mail = tool(MailTestTools::read, "").run(idOf("deals"), "INBOX", 0, 0);

        assertThat(mail.text())
                .isEqualTo("March deals\nSave 20% on garden tools & more.\n- Rake\n- Spade – steel\n" + "Café ☕");
    }

    @Test
    void attachmentsAreListedNotInlined() {
        MailReadTool.Read mail = tool(MailTestTools::read, "").run(idOf("invoice"), "INBOX", 0, 0);

        assertThat(mail.text()).isEqualTo("Please find your invoice attached. Amount due: 42.00 EUR.");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("Rechnung März.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.size()).isPositive();
        });
        assertThat(mail.toString()).doesNotContain("pretend invoice bytes");
    }

    @Test
    void largeMailIsCutAtMaxCharsAndCanBeReadOn() {
        MailReadTool read = tool(MailTestTools::read, "max_chars: 3000");
        String id = idOf("Quarterly");

        MailReadTool.Read first = read.run(id, "INBOX", 0, 0);
        MailReadTool.Read narrow = read.run(id, "INBOX", 500, 0);
        MailReadTool.Read tail = read.run(id, "INBOX", 0, 400_000);

        assertThat(first.text()).hasSize(3000).startsWith("Line 0:");
        assertThat(first.truncated()).isTrue();
        assertThat(first.nextOffset()).isEqualTo(3000);
        assertThat(narrow.text()).hasSize(500);
        assertThat(tail.text()).endsWith(MailSeed.LARGE_MARKER);
        assertThat(tail.truncated()).isFalse();
    }

    @Test
    void moveAndFlagChangeNothingUntilOrganizeIsOn() {
        String id = idOf("Lunch");
        assertThatThrownBy(() -> tool(MailTestTools::move, "").run(id, "Archive", "INBOX"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("organize: true");
        assertThatThrownBy(() -> tool(MailTestTools::flag, "").run(id, MailFlagTool.Mark.FLAGGED, true, "INBOX"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("organize: true");
        assertThat(server.messages("INBOX")).hasSize(5);
        assertThat(server.messages("INBOX")).noneMatch(m -> m.isSet(Flags.Flag.FLAGGED));

        tool(MailTestTools::flag, "organize: true").run(idOf("invoice"), MailFlagTool.Mark.FLAGGED, true, "INBOX");
        tool(MailTestTools::move, "organize: true").run(id, "Archive", "INBOX");

        assertThat(server.messages("INBOX")).hasSize(4);
        assertThat(subjects(server.messages("Archive"))).containsExactly("Lunch on Friday?");
        assertThat(server.messages("INBOX"))
                .filteredOn(m -> m.isSet(Flags.Flag.FLAGGED))
                .hasSize(1);
        assertThatThrownBy(() -> tool(MailTestTools::move, "organize: true").run(idOf("invoice"), "Nowhere", "INBOX"))
                .hasMessageContaining("no mail folder 'Nowhere'");
        assertThatThrownBy(() -> tool(MailTestTools::read, "").run("999", "INBOX", 0, 0))
                .hasMessageContaining("no message 999");
    }

    @Test
    void draftReplyIsSavedInDraftsAndNotSent() throws Exception {
        MailDraftReplyTool reply = tool(MailTestTools::draftReply, "");

        MailDraftReplyTool.Draft draft = reply.run(idOf("Lunch"), "Friday works, see you at 12!", "INBOX", true, false);

        assertThat(draft.to()).isEqualTo("Bob Builder <bob@example.org>");
        assertThat(draft.cc()).isEqualTo("carol@example.org");
        assertThat(draft.sent()).isFalse();
        MimeMessage saved = server.messages("Drafts").getFirst().getMimeMessage();
        assertThat(saved.getSubject()).isEqualTo("Re: Lunch on Friday?");
        assertThat(saved.getHeader("In-Reply-To", null)).isNotBlank();
        assertThat(saved.getFrom()[0].toString()).isEqualTo("anna@example.org");
        assertThat((String) saved.getContent()).startsWith("Friday works").contains("> shall we have lunch");
        assertThat(server.messages("Drafts").getFirst().isSet(Flags.Flag.DRAFT)).isTrue();
        assertThat(server.greenMail
                        .getManagers()
                        .getImapHostManager()
                        .getInbox(server.bob)
                        .getMessageCount())
                .isZero();
        assertThatThrownBy(() -> reply.run(idOf("Lunch"), "send it", "INBOX", false, true))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("send: true");
    }

    @Test
    void sendingWorksOnlyWhenTheUserEnabledIt() throws Exception {
        String extra = "send: true\nsmtp: { host: 127.0.0.1, port: %d, security: none }".formatted(server.smtpPort());
        MailDraftReplyTool reply = tool(MailTestTools::draftReply, extra);

        MailDraftReplyTool.Draft sent = reply.run(idOf("Lunch"), "Yes!", "INBOX", false, true);

        assertThat(sent.sent()).isTrue();
        assertThat(server.greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage delivered = server.greenMail
                .getManagers()
                .getImapHostManager()
                .getInbox(server.bob)
                .getMessages()
                .getFirst()
                .getMimeMessage();
        assertThat(delivered.getSubject()).isEqualTo("Re: Lunch on Friday?");
        assertThat(delivered.getRecipients(Message.RecipientType.TO)[0].toString())
                .contains("bob@example.org");
    }

    @Test
    void aMaildirAccountSendsThroughAnSmtpRelayWithoutLogin() throws Exception {
        Path maildir = dir.resolve("Mail");
        for (String sub : List.of("cur", "new", "tmp")) {
            java.nio.file.Files.createDirectories(maildir.resolve(sub));
        }
        try (var out = java.nio.file.Files.newOutputStream(maildir.resolve("new/1.seed"))) {
            MailSeed.plain().writeTo(out);
        }
        String args = """
                maildir: "%s"
                address: anna@example.org
                send: true
                smtp: { host: 127.0.0.1, port: %d, security: none }
                """.formatted(maildir, server.smtpPort());

        var sent = MailTestTools.draftReply(MailSeed.context(args, dir, Map.of()))
                .run("1.seed", "Yes!", "INBOX", false, true);

        assertThat(sent.sent()).isTrue();
        assertThat(server.greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(maildir.resolve(".Drafts/cur")).isNotEmptyDirectory();
    }

    private static List<String> subjects(List<StoredMessage> messages) {
        return messages.stream()
                .map(m -> {
                    try {
                        return m.getMimeMessage().getSubject();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
