package dev.tether.toolsets.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessageTextTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    @Test
    void inlineImagesAreSkippedAndAForwardedMessageIsNamedBySubject() throws Exception {
        MimeMultipart related = new MimeMultipart("related");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Our new logo: <img src=\"cid:logo\"></p>", "text/html; charset=UTF-8");
        MimeBodyPart logo = new MimeBodyPart();
        logo.setContent(new byte[] {1, 2, 3}, "image/png");
        logo.setContentID("<logo>");
        related.addBodyPart(html);
        related.addBodyPart(logo);
        MimeBodyPart relatedPart = new MimeBodyPart();
        relatedPart.setContent(related);

        MimeMessage inner = new MimeMessage(SESSION);
        inner.setSubject("Original offer");
        inner.setText("The offer text.");
        inner.saveChanges();
        MimeBodyPart forwarded = new MimeBodyPart();
        forwarded.setContent(inner, "message/rfc822");

        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(relatedPart);
        mixed.addBodyPart(forwarded);
        MimeMessage message = new MimeMessage(SESSION);
        message.setContent(mixed);
        message.saveChanges();

        MessageText text = MessageText.of(new MimeMessage(SESSION, toStream(message)));

        assertThat(text.text()).isEqualTo("Our new logo:");
        assertThat(text.attachments())
                .extracting(MessageText.Attachment::filename, MessageText.Attachment::contentType)
                .containsExactly(tuple("Original offer.eml", "message/rfc822"));
        assertThat(new ObjectMapper().valueToTree(text.attachments().getFirst()).has("content_type"))
                .isTrue();
    }

    private static InputStream toStream(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return new ByteArrayInputStream(out.toByteArray());
    }

    @Test
    void htmlBecomesCompactText() {
        assertThat(HtmlText.toText("<div>A&amp;B</div><div>&#8364; 5 &unknown;</div><br><br><br><p>end</p>"))
                .isEqualTo("A&B\n€ 5 &unknown;\nend");
    }
}
