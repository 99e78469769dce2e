package dev.tether.toolsets.mail;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.List;

/**
 * Reads one message as plain text (HTML turned to text), attachments listed but not included; long text is cut at
 * {@code max_chars} with {@code truncated} set, and {@code offset} reads on. IMAP folders are opened read-only, so
 * reading does not mark a message as read.
 */
@ToolInfo(
        name = "mail_read",
        description = "Read one e-mail (by id from mail_list or mail_search) as plain text, with its attachments "
                + "listed. Long mails are cut; call again with offset to read on.")
public final class MailReadTool {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Read(
            String id,
            String folder,
            String from,
            String to,
            String cc,
            String date,
            String subject,
            String text,
            boolean truncated,
            @JsonProperty("next_offset") Integer nextOffset,
            List<MessageText.Attachment> attachments) {}

    private final MailService service;

    MailReadTool(MailService service) {
        this.service = service;
    }

    public Read run(
            @Param(description = "Message id") String id,
            @Param(description = "Folder name", defaultValue = "INBOX") String folder,
            @Param(
                            description = "Most characters of text to return (0: the configured max_chars)",
                            defaultValue = "0",
                            minimum = 0,
                            name = "max_chars")
                    int maxChars,
            @Param(description = "Characters of text to skip, to read on after a cut", defaultValue = "0", minimum = 0)
                    int offset) {
        int limit = maxChars <= 0
                ? service.settings().maxChars()
                : Math.min(maxChars, service.settings().maxChars());
        return service.inFolder(folder, false, open -> {
            Message message = open.byId(id);
            MessageText content;
            try {
                content = MessageText.of(message);
            } catch (IOException e) {
                throw new MessagingException("cannot read the message body: " + e.getMessage());
            }
            String text = content.text();
            int start = Math.min(offset, text.length());
            int end = Math.min(text.length(), start + limit);
            boolean truncated = end < text.length();
            return new Read(
                    open.id(message),
                    folder,
                    MessageSummary.addresses(message.getFrom()),
                    MessageSummary.addresses(message.getRecipients(Message.RecipientType.TO)),
                    MessageSummary.addresses(message.getRecipients(Message.RecipientType.CC)),
                    MessageSummary.date(message.getSentDate(), service.zone()),
                    message.getSubject(),
                    text.substring(start, end),
                    truncated,
                    truncated ? end : null,
                    content.attachments());
        });
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.mailRead(arguments, result);
    }
}
