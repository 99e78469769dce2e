package dev.tether.toolsets.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IMAP over TLS (GreenMail's self-signed certificate): refused by default, accepted when the user trusts the host. */
class MailTlsTest {

    @TempDir
    Path dir;

    @Test
    void aSelfSignedCertificateIsRefusedUnlessTheHostIsTrusted() throws Exception {
        GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.IMAPS}));
        greenMail.start();
        try {
            greenMail.setUser(MailSeed.ME, "anna", "tls-password").deliver(MailSeed.plain());
            int port = greenMail.getImaps().getPort();
            String args = """
                    imap: { host: 127.0.0.1, port: %d, security: ssl, username_env: U, password_env: P %s }
                    """;
            Map<String, String> env = Map.of("U", "anna", "P", "tls-password");

            assertThatThrownBy(() -> MailTestTools.list(MailSeed.context(args.formatted(port, ""), dir, env))
                            .run("INBOX", 0, 10, false))
                    .hasMessageStartingWith("TLS with the imap server 127.0.0.1:" + port);
            MailListTool.Page page = MailTestTools.list(
                            MailSeed.context(args.formatted(port, ", ssl_trust: 127.0.0.1"), dir, env))
                    .run("INBOX", 0, 10, false);
            assertThat(page.messages()).extracting(MessageSummary::subject).containsExactly("Lunch on Friday?");
        } finally {
            greenMail.stop();
        }
    }
}
