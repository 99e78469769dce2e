package dev.tether.toolsets.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailLocalTest {

    @TempDir
    Path dir;

    private Path maildir;

    @BeforeEach
    void maildir() throws Exception {
        maildir = dir.resolve("Mail");
        for (String sub : List.of("cur", "new", "tmp", ".Archive/cur", ".Archive/new", ".Archive/tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        List<MimeMessage> seed = MailSeed.messages();
        for (int i = 0; i < seed.size(); i++) {
            // the first one was read (in cur/ with S), the rest are new
            Path file = i == 0
                    ? maildir.resolve("cur/100" + i + ".seed.host:2,S")
                    : maildir.resolve("new/100" + i + ".seed.host");
            try (OutputStream out = Files.newOutputStream(file)) {
                seed.get(i).writeTo(out);
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(1_770_000_000_000L + i * 1000L));
        }
    }

    private ToolContext maildirArgs(String extra) {
        return MailSeed.context("maildir: \"" + maildir + "\"\naddress: anna@example.org\n" + extra, dir, Map.of());
    }

    private ToolContext mboxArgs() throws Exception {
        Path mbox = dir.resolve("archive.mbox");
        try (InputStream in = getClass().getResourceAsStream("/mail/archive.mbox")) {
            Files.copy(in, mbox);
        }
        return MailSeed.context("mbox: \"" + mbox + "\"", dir, Map.of());
    }

    @Test
    void maildirListsNewestFirstWithFlagsFromFileNames() {
        MailListTool.Page page = MailTestTools.list(maildirArgs("")).run("INBOX", 0, 10, false);

        assertThat(page.messages())
                .extracting(MessageSummary::subject)
                .containsExactly(
                        "Quarterly report",
                        "Your invoice for March",
                        "Your March deals",
                        "Grüße aus München – Änderung des Termins",
                        "Lunch on Friday?");
        assertThat(page.messages().getLast().unread()).isFalse();
        assertThat(page.messages().getLast().id()).isEqualTo("1000.seed.host");
        assertThat(MailTestTools.list(maildirArgs("")).run("INBOX", 0, 10, true).messages())
                .hasSize(4);
    }

    @Test
    void maildirSearchAndReadWorkLikeImap() {
        var found = MailTestTools.search(maildirArgs("")).run("INBOX", "müller", "", "", "", "", false, 10);
        var read = MailTestTools.read(maildirArgs("max_chars: 100")).run("1004.seed.host", "INBOX", 0, 0);
        var invoice = MailTestTools.read(maildirArgs("")).run("1003.seed.host", "INBOX", 0, 0);

        assertThat(found.messages()).extracting(MessageSummary::id).containsExactly("1001.seed.host");
        assertThat(read.text()).hasSize(100);
        assertThat(read.truncated()).isTrue();
        assertThat(invoice.attachments())
                .extracting(MessageText.Attachment::filename)
                .containsExactly("Rechnung März.pdf");
    }

    @Test
    void maildirOrganizeRenamesFilesOnlyWhenAllowed() throws Exception {
        assertThatThrownBy(() -> MailTestTools.flag(maildirArgs(""))
                        .run("1002.seed.host", MailFlagTool.Mark.SEEN, true, "INBOX"))
                .hasMessageContaining("organize: true");
        assertThat(maildir.resolve("new/1002.seed.host")).exists();

        MailTestTools.flag(maildirArgs("organize: true")).run("1002.seed.host", MailFlagTool.Mark.SEEN, true, "INBOX");
        MailTestTools.flag(maildirArgs("organize: true"))
                .run("1002.seed.host", MailFlagTool.Mark.FLAGGED, true, "INBOX");
        MailTestTools.move(maildirArgs("organize: true")).run("1001.seed.host", "Archive", "INBOX");

        assertThat(maildir.resolve("cur/1002.seed.host:2,FS")).exists();
        assertThat(maildir.resolve(".Archive/cur/1001.seed.host:2,")).exists();
        assertThat(MailTestTools.list(maildirArgs(""))
                        .run("Archive", 0, 10, false)
                        .messages())
                .extracting(MessageSummary::subject)
                .containsExactly("Grüße aus München – Änderung des Termins");
    }

    @Test
    void maildirDraftGoesToTheDraftsFolder() throws Exception {
        var draft =
                MailTestTools.draftReply(maildirArgs("")).run("1000.seed.host", "Sounds good!", "INBOX", false, false);

        assertThat(draft.to()).isEqualTo("Bob Builder <bob@example.org>");
        Path drafts = maildir.resolve(".Drafts/cur");
        try (Stream<Path> files = Files.list(drafts)) {
            Path file = files.findFirst().orElseThrow();
            assertThat(file.getFileName().toString()).endsWith(":2,DS");
            try (InputStream in = Files.newInputStream(file)) {
                MimeMessage saved = new MimeMessage(Session.getInstance(new Properties()), in);
                assertThat(saved.getSubject()).isEqualTo("Re: Lunch on Friday?");
            }
        }
    }

    @Test
    void mboxIsSplitUnquotedAndReadOnly() throws Exception {
        ToolContext args = mboxArgs();

        var page = MailTestTools.list(args).run("INBOX", 0, 10, false);
        var garden = MailTestTools.read(args).run("1", "INBOX", 0, 0);
        var deals = MailTestTools.read(args).run("2", "INBOX", 0, 0);
        var photos = MailTestTools.read(args).run("3", "INBOX", 0, 0);

        assertThat(page.messages())
                .extracting(MessageSummary::subject)
                .containsExactly("Photos", "Frühlingsangebote", "Old thread about the garden");
        assertThat(page.messages()).extracting(MessageSummary::unread).containsExactly(true, true, false);
        assertThat(page.messages().get(1).flagged()).isTrue();
        assertThat(garden.text()).contains("\nFrom now on I will water");
        assertThat(deals.text()).isEqualTo("Neue Angebote für den Frühling");
        assertThat(photos.attachments())
                .extracting(MessageText.Attachment::filename)
                .containsExactly("beach.jpg");
        assertThat(MailTestTools.search(args)
                        .run("INBOX", "", "frühling", "", "", "", false, 10)
                        .messages())
                .extracting(MessageSummary::id)
                .containsExactly("2");
        var organize = MailSeed.context("mbox: \"" + dir.resolve("archive.mbox") + "\"\norganize: true", dir, Map.of());
        assertThatThrownBy(() -> MailTestTools.move(organize).run("1", "Archive", "INBOX"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> MailTestTools.draftReply(args).run("1", "hi", "INBOX", false, false))
                .hasMessageContaining("read-only");
    }

    @Test
    void unknownFoldersAndIdsAreClearErrors() {
        assertThatThrownBy(() -> MailTestTools.list(maildirArgs("")).run("Spam", 0, 10, false))
                .hasMessage("no mail folder 'Spam'; folders: [INBOX, Archive]");
        assertThatThrownBy(() -> MailTestTools.list(maildirArgs("")).run("../etc", 0, 10, false))
                .hasMessageContaining("not a folder name");
        assertThatThrownBy(() -> MailTestTools.read(maildirArgs("")).run("nope", "INBOX", 0, 0))
                .hasMessageContaining("no message nope");
    }
}
