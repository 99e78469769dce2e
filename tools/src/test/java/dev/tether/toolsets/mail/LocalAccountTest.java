package dev.tether.toolsets.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAccountTest {

    @Test
    void folderNamesKeepsAcceptedEntriesRenamedAndSorted(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve(".Zeta"));
        Files.createDirectories(dir.resolve("alpha"));
        Files.writeString(dir.resolve("not-a-folder"), "");

        assertThat(LocalAccount.folderNames(dir, Files::isDirectory, n -> n.replace(".", ""), "test"))
                .containsExactly("Zeta", "alpha");
    }

    @Test
    void folderNamesOfAMissingDirectoryNamesIt(@TempDir Path dir) {
        assertThatThrownBy(() -> LocalAccount.folderNames(dir.resolve("gone"), p -> true, n -> n, "the mbox x"))
                .isInstanceOf(ToolException.class)
                .hasMessage("cannot list the mbox x");
    }

    @Test
    void bothLocalAccountsShareOneSessionEach(@TempDir Path dir) {
        MailAccount maildir = new MaildirAccount(dir);
        MailAccount mbox = new MboxAccount(dir);

        assertThat(maildir.session()).isSameAs(maildir.session()).isNotSameAs(mbox.session());
        assertThat(maildir.session().getProperty("mail.mime.allowutf8")).isEqualTo("true");
    }
}
