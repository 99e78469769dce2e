package dev.tether.toolsets.mail;

import dev.tether.tool.ToolContext;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Realistic test mail: plain, multipart/alternative, HTML only, with an attachment, and a large one. */
final class MailSeed {

    static final String ME = "anna@example.org";
    static final String LARGE_MARKER = "END-OF-LARGE-MESSAGE";
    private static final Session SESSION = Session.getInstance(new Properties());

    private MailSeed() {}

    /** Oldest first, as they are delivered. */
    static List<MimeMessage> messages() throws Exception {
        return List.of(plain(), alternative(), htmlOnly(), withAttachment(), large());
    }

    private static MimeMessage base(String from, String subject, String date) throws MessagingException {
        MimeMessage m = new MimeMessage(SESSION);
        InternetAddress sender = new InternetAddress(from);
        try {
            // RFC 2047-encodes a non-ASCII name, as mail clients do
            m.setFrom(new InternetAddress(sender.getAddress(), sender.getPersonal(), "UTF-8"));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        m.setRecipients(Message.RecipientType.TO, ME);
        m.setSubject(subject, "UTF-8");
        m.setSentDate(Date.from(Instant.parse(date)));
        return m;
    }

    static MimeMessage plain() throws MessagingException {
        MimeMessage m = base("Bob Builder <bob@example.org>", "Lunch on Friday?", "2026-03-10T09:00:00Z");
        m.setRecipients(Message.RecipientType.CC, "carol@example.org");
        m.setText("Hi Anna,\n\nshall we have lunch on Friday at the Italian place?\n\nBob", "UTF-8");
        m.saveChanges();
        return m;
    }

    static MimeMessage alternative() throws Exception {
        MimeMessage m = base(
                "\"Jürgen Müller\" <juergen@example.de>",
                "Grüße aus München – Änderung des Termins",
                "2026-03-12T15:30:00Z");
        MimeMultipart alt = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Hallo Anna,\n\nder Termin verschiebt sich auf Dienstag, 14 Uhr.\n\nViele Grüße\nJürgen", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(
                "<html><body><p>Hallo Anna,</p><p>der <b>Termin</b> verschiebt sich auf Dienstag.</p>"
                        + "<p>HTML-VERSION</p></body></html>",
                "text/html; charset=UTF-8");
        alt.addBodyPart(text);
        alt.addBodyPart(html);
        m.setContent(alt);
        m.saveChanges();
        return m;
    }

    static MimeMessage htmlOnly() throws MessagingException {
        MimeMessage m = base("Newsletter <news@shop.example>", "Your March deals", "2026-03-14T07:00:00Z");
        m.setContent("""
                <!DOCTYPE html><html><head><title>Deals</title><style>p { color: red; }</style></head>
                <body><script>alert('x')</script><h1>March&nbsp;deals</h1>
                <p>Save 20&#37; on <a href="https://shop.example/garden">garden tools</a> &amp; more.</p>
                <ul><li>Rake</li><li>Spade &ndash; steel</li></ul><!-- tracking --><p>Caf&eacute; &#x2615;</p>
                </body></html>""", "text/html; charset=UTF-8");
        m.saveChanges();
        return m;
    }

    static MimeMessage withAttachment() throws Exception {
        MimeMessage m = base("Billing <billing@utility.example>", "Your invoice for March", "2026-03-15T10:00:00Z");
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Please find your invoice attached. Amount due: 42.00 EUR.", "UTF-8");
        MimeBodyPart pdf = new MimeBodyPart();
        byte[] bytes = "%PDF-1.4 pretend invoice bytes that must never reach the model".getBytes();
        pdf.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, "application/pdf")));
        pdf.setFileName(jakarta.mail.internet.MimeUtility.encodeText("Rechnung März.pdf", "UTF-8", "Q"));
        pdf.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(text);
        mixed.addBodyPart(pdf);
        m.setContent(mixed);
        m.saveChanges();
        return m;
    }

    static MimeMessage large() throws MessagingException {
        MimeMessage m = base("Controller <controller@example.org>", "Quarterly report", "2026-03-16T08:00:00Z");
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < 400_000; i++) {
            body.append("Line ").append(i).append(": revenue and costs are within the plan.\n");
        }
        body.append(LARGE_MARKER);
        m.setText(body.toString(), "UTF-8");
        m.saveChanges();
        return m;
    }

    static ToolContext context(String yamlArgs, Path dataDir, Map<String, String> env) {
        Config args = Config.just(ConfigSources.create(yamlArgs, MediaTypes.APPLICATION_X_YAML));
        return new ToolContext("mail", args, dataDir, env::get);
    }
}
