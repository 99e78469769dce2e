package dev.tether.toolsets.mail;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable text of a message and its attachments: the plain part of an alternative (HTML turned to text when
 * there is none), text parts of mixed/related multiparts in order, everything else listed as an attachment.
 */
final class MessageText {

    /** An attachment as listed: never its content. {@code size} is the encoded size in bytes, -1 if unknown. */
    record Attachment(
            String filename, @JsonProperty("content_type") String contentType, int size) {}

    private final StringBuilder text = new StringBuilder();
    private final List<Attachment> attachments = new ArrayList<>();

    private MessageText() {}

    static MessageText of(Part message) throws MessagingException, IOException {
        MessageText result = new MessageText();
        result.walk(message);
        return result;
    }

    String text() {
        return text.toString().strip();
    }

    List<Attachment> attachments() {
        return attachments;
    }

    private void walk(Part part) throws MessagingException, IOException {
        String type = baseType(part);
        if (isAttachment(part, type)) {
            attachments.add(new Attachment(filename(part), type, part.getSize()));
        } else if (type.equals("text/plain")) {
            append(textOf(part));
        } else if (type.equals("text/html")) {
            append(HtmlText.toText(textOf(part)));
        } else if (type.equals("multipart/alternative") && part.getContent() instanceof Multipart alternatives) {
            walk(preferred(alternatives));
        } else if (type.startsWith("multipart/") && part.getContent() instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                walk(parts.getBodyPart(i));
            }
        } else if (!isInlineImage(part, type)) {
            attachments.add(new Attachment(filename(part), type, part.getSize()));
        }
    }

    /** Logos and pictures an HTML mail shows inline (by Content-ID, without a file name) are not attachments. */
    private static boolean isInlineImage(Part part, String type) throws MessagingException {
        return type.startsWith("image/")
                && part.getFileName() == null
                && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
    }

    /** The plain-text alternative if there is one, else the last (richest) one. */
    private static Part preferred(Multipart alternatives) throws MessagingException {
        BodyPart chosen = alternatives.getBodyPart(alternatives.getCount() - 1);
        for (int i = 0; i < alternatives.getCount(); i++) {
            BodyPart candidate = alternatives.getBodyPart(i);
            if (baseType(candidate).equals("text/plain") && !isAttachment(candidate, "text/plain")) {
                return candidate;
            }
        }
        return chosen;
    }

    private void append(String part) {
        if (!part.isBlank()) {
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append(part.strip());
        }
    }

    private static boolean isAttachment(Part part, String type) throws MessagingException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return true;
        }
        return part.getFileName() != null && !type.startsWith("text/") && !type.startsWith("multipart/");
    }

    private static String baseType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase();
        } catch (MessagingException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    private static String filename(Part part) {
        try {
            String name = part.getFileName();
            if (name == null && part.isMimeType("message/rfc822") && part.getContent() instanceof Message inner) {
                return (inner.getSubject() == null ? "forwarded message" : inner.getSubject()) + ".eml";
            }
            return name == null ? "(unnamed)" : MimeUtility.decodeText(name);
        } catch (MessagingException | IOException e) {
            return "(unnamed)";
        }
    }

    /** The part as a string; an unknown charset falls back to UTF-8 instead of failing the whole message. */
    private static String textOf(Part part) throws MessagingException, IOException {
        try {
            Object content = part.getContent();
            if (content instanceof String s) {
                return s;
            }
        } catch (IOException e) {
            // an unsupported charset: read the decoded bytes ourselves
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
