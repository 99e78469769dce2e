package dev.tether.toolsets.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolUnavailableException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailFailureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logLines.add(formatter.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level rootLevel;

    @BeforeEach
    void captureEverything() {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        for (String name : List.of("jakarta.mail", "org.eclipse.angus.mail", "dev.tether")) {
            Logger.getLogger(name).setLevel(Level.ALL);
        }
    }

    @AfterEach
    void restoreLogging() {
        root.removeHandler(capture);
        root.setLevel(rootLevel);
        for (String name : List.of("jakarta.mail", "org.eclipse.angus.mail", "dev.tether")) {
            Logger.getLogger(name).setLevel(null);
        }
    }

    private ToolOutcome listThroughRegistry(String args, Map<String, String> env) {
        try (ToolRegistry registry = ToolRegistry.builder()
                .timeout(Duration.ofSeconds(20))
                .add("mail_list", MailTestTools.list(MailSeed.context(args, dir, env)))
                .build()) {
            return registry.invoke("mail_list", JSON.createObjectNode().put("folder", "INBOX"));
        }
    }

    @Test
    void wrongPasswordIsAClearErrorAndTheSecretAppearsNowhere() throws Exception {
        String wrong = "Wrong-" + ImapServer.PASSWORD;
        try (ImapServer server = new ImapServer()) {
            ToolOutcome outcome =
                    listThroughRegistry(server.args(""), Map.of("MAIL_USER", "anna", "MAIL_PASSWORD", wrong));

            assertThat(outcome.error())
                    .isEqualTo("login to the imap server 127.0.0.1:" + server.imapPort()
                            + " failed: wrong user name or password");
            assertThat(JSON.writeValueAsString(outcome)).doesNotContain(wrong).doesNotContain(ImapServer.PASSWORD);
        }
        assertThat(logLines).as("the IMAP protocol trace was captured").anyMatch(l -> l.contains("LOGIN"));
        assertThat(String.join("\n", logLines)).doesNotContain(wrong);
    }

    @Test
    void aClosedPortFailsFast() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String args = """
                connect_timeout_ms: 1000
                imap: { host: 127.0.0.1, port: %d, security: none, username_env: U, password_env: P }
                """.formatted(closed);

        long started = System.nanoTime();
        ToolOutcome outcome = listThroughRegistry(args, Map.of("U", "anna", "P", "pw-closed-port"));

        assertThat(outcome.error())
                .isEqualTo("cannot connect to the imap server 127.0.0.1:" + closed + " (connection refused)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(String.join("\n", logLines)).doesNotContain("pw-closed-port");
    }

    @Test
    void aServerThatNeverAnswersTimesOutAfterTheConfiguredReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            String args = """
                    connect_timeout_ms: 1000
                    read_timeout_ms: 700
                    imap: { host: 127.0.0.1, port: %d, security: none, username_env: U, password_env: P }
                    """.formatted(silent.getLocalPort());

            long started = System.nanoTime();
            ToolOutcome outcome = listThroughRegistry(args, Map.of("U", "anna", "P", "pw"));

            assertThat(outcome.error())
                    .isEqualTo("the imap server 127.0.0.1:" + silent.getLocalPort() + " did not answer in time");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void misconfigurationMakesTheToolUnavailableWithTheReason() {
        assertThatThrownBy(() ->
                        MailTestTools.list(MailSeed.context("imap: { host: h, password_env: MISSING }", dir, Map.of())))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("MISSING");
        assertThatThrownBy(() -> MailTestTools.list(MailSeed.context("max_chars: 10", dir, Map.of())))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> MailTestTools.list(MailSeed.context("maildir: /tmp/x\nsend: true", dir, Map.of())))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("args.smtp");
    }
}
