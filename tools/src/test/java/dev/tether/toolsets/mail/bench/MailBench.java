package dev.tether.toolsets.mail.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.toolsets.mail.MailTestTools;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Mail tools on N messages (default 1000, one of them 400 KB) in a GreenMail IMAP server and in a Maildir.
 * Prints the median time of each call through the registry. Args: [messages].
 */
public final class MailBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        List<MimeMessage> messages = messages(count);
        Path dir = Files.createTempDirectory("mail-bench");
        GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.IMAP}));
        greenMail.start();
        try {
            GreenMailUser user = greenMail.setUser("anna@example.org", "anna", "pw");
            messages.forEach(user::deliver);
            String imap = "imap: { host: 127.0.0.1, port: %d, security: none, username_env: U, password_env: P }"
                    .formatted(greenMail.getImap().getPort());
            run("imap", imap, dir, count);
        } finally {
            greenMail.stop();
        }
        Path maildir = dir.resolve("Mail");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        for (int i = 0; i < messages.size(); i++) {
            try (OutputStream out = Files.newOutputStream(maildir.resolve("new/" + (1_000_000 + i) + ".bench"))) {
                messages.get(i).writeTo(out);
            }
        }
        run("maildir", "maildir: \"" + maildir + "\"", dir, count);
    }

    private static void run(String label, String yaml, Path dir, int count) {
        Config config = Config.just(ConfigSources.create(yaml, MediaTypes.APPLICATION_X_YAML));
        ToolContext context = new ToolContext("mail", config, dir, Map.of("U", "anna", "P", "pw")::get);
        try (ToolRegistry registry = ToolRegistry.builder()
                .timeout(Duration.ofMinutes(2))
                .add("mail_list", MailTestTools.list(context))
                .add("mail_search", MailTestTools.search(context))
                .add("mail_read", MailTestTools.read(context))
                .build()) {
            System.out.printf(Locale.ROOT, "%s, %d messages%n", label, count);
            time(
                    registry,
                    "list newest 20",
                    "mail_list",
                    JSON.createObjectNode().put("limit", 20));
            time(
                    registry,
                    "list unread 20",
                    "mail_list",
                    JSON.createObjectNode().put("unread_only", true));
            time(registry, "search from", "mail_search", JSON.createObjectNode().put("from", "sender7@"));
            time(
                    registry,
                    "search non-ASCII",
                    "mail_search",
                    JSON.createObjectNode().put("subject", "Grüße 17"));
            time(registry, "read small", "mail_read", JSON.createObjectNode().put("id", id(label, 2)));
            time(registry, "read 400 KB", "mail_read", JSON.createObjectNode().put("id", id(label, 1)));
        }
    }

    private static String id(String label, int position) {
        return label.equals("imap")
                ? Integer.toString(position)
                : Integer.toString(1_000_000 + position - 1) + ".bench";
    }

    private static void time(ToolRegistry registry, String label, String tool, ObjectNode args) {
        int runs = 5;
        long[] millis = new long[runs];
        ToolOutcome last = null;
        for (int i = 0; i < runs + 1; i++) {
            long start = System.nanoTime();
            last = registry.invoke(tool, args);
            if (i >= 1) {
                millis[i - 1] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        Arrays.sort(millis);
        System.out.printf(
                Locale.ROOT,
                "  %-18s median %5d ms  (%d result chars%s)%n",
                label,
                millis[runs / 2],
                last.result().toString().length(),
                last.isError() ? ", error: " + last.error() : "");
    }

    private static List<MimeMessage> messages(int count) throws Exception {
        Session session = Session.getInstance(new Properties());
        MimeMessage[] all = new MimeMessage[count];
        for (int i = 0; i < count; i++) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("sender" + (i % 50) + "@example.org", "Sender " + i, "UTF-8"));
            m.setRecipients(Message.RecipientType.TO, "anna@example.org");
            m.setSubject((i % 10 == 0 ? "Grüße " : "Update ") + i, "UTF-8");
            m.setSentDate(Date.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * i)));
            m.setText(i == 0 ? "x".repeat(400_000) : "Message body " + i + "\n".repeat(3) + "Regards", "UTF-8");
            m.saveChanges();
            all[i] = m;
        }
        return Arrays.asList(all);
    }
}
