package dev.tether.toolsets.mail;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.tool.NetworkReach;
import dev.tether.tool.Param;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.Date;

/**
 * Writes a reply to a message and saves it in the drafts folder for the user to review. Sending happens only when
 * the call asks for it and the user set {@code send: true} (with an {@code smtp} server) in the args; such a call
 * sends data off the machine, so the approval rule treats it as a network call ({@link NetworkReach}).
 */
@ToolInfo(
        name = "mail_draft_reply",
        description = "Write a reply to one e-mail and save it as a draft in the Drafts folder for the user to "
                + "review. It is not sent.",
        readOnly = false)
public final class MailDraftReplyTool implements NetworkReach {

    private static final int MAX_QUOTE = 2000;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Draft(boolean saved, String folder, String to, String cc, String subject, boolean sent) {}

    private final MailService service;

    MailDraftReplyTool(MailService service) {
        this.service = service;
    }

    @Override
    public boolean reachesNetwork() {
        return service.settings().send();
    }

    /** Any {@code send} but an absent or {@code false} one counts as sending. */
    @Override
    public boolean reachesNetwork(JsonNode arguments) {
        JsonNode send = arguments.path("send");
        return reachesNetwork() && !(send.isMissingNode() || send.isNull() || send.isBoolean() && !send.asBoolean());
    }

    public Draft run(
            @Param(description = "Id of the message to answer") String id,
            @Param(description = "The text of the reply") String body,
            @Param(description = "Folder the message is in", defaultValue = "INBOX") String folder,
            @Param(
                            description = "Answer all recipients, not just the sender",
                            defaultValue = "false",
                            name = "reply_all")
                    boolean replyAll,
            @Param(description = "Send it now (only if the user enabled sending)", defaultValue = "false")
                    boolean send) {
        if (body.isBlank()) {
            throw new ToolException("the reply body must not be empty");
        }
        if (send && !service.settings().send()) {
            throw new ToolException("sending is off: the reply can only be saved as a draft (the user has to set "
                    + "send: true in the mail tools' args)");
        }
        MimeMessage reply = service.inFolder(folder, false, open -> reply(open.byId(id), body, replyAll));
        service.account().saveDraft(reply, service.settings().draftsFolder());
        if (send) {
            send(reply);
        }
        try {
            return new Draft(
                    true,
                    service.settings().draftsFolder(),
                    MessageSummary.addresses(reply.getRecipients(Message.RecipientType.TO)),
                    MessageSummary.addresses(reply.getRecipients(Message.RecipientType.CC)),
                    reply.getSubject(),
                    send);
        } catch (MessagingException e) {
            throw new ToolException("the draft was saved but cannot be described: " + e.getMessage());
        }
    }

    private MimeMessage reply(Message original, String body, boolean replyAll) throws MessagingException {
        MimeMessage reply = (MimeMessage) ((MimeMessage) original).reply(replyAll, false);
        MimeMessage draft = new MimeMessage(service.account().session());
        for (String header : new String[] {"Subject", "In-Reply-To", "References"}) {
            String value = reply.getHeader(header, " ");
            if (value != null) {
                draft.setHeader(header, value);
            }
        }
        draft.setRecipients(Message.RecipientType.TO, withoutMe(reply.getRecipients(Message.RecipientType.TO)));
        draft.setRecipients(Message.RecipientType.CC, withoutMe(reply.getRecipients(Message.RecipientType.CC)));
        if (!service.settings().address().isBlank()) {
            draft.setFrom(new InternetAddress(service.settings().address()));
        }
        draft.setSentDate(new Date());
        draft.setText(body.strip() + "\n\n" + quote(original), "UTF-8");
        draft.saveChanges();
        return draft;
    }

    /** Reply-all copies every recipient, the user too; the user's own address is taken out. */
    private Address[] withoutMe(Address[] addresses) {
        if (addresses == null) {
            return null;
        }
        String me = service.settings().address();
        return Arrays.stream(addresses)
                .filter(a -> !(a instanceof InternetAddress ia
                        && ia.getAddress() != null
                        && ia.getAddress().equalsIgnoreCase(me)))
                .toArray(Address[]::new);
    }

    private String quote(Message original) throws MessagingException {
        String text;
        try {
            text = MessageText.of(original).text();
        } catch (IOException e) {
            text = "";
        }
        if (text.length() > MAX_QUOTE) {
            text = text.substring(0, MAX_QUOTE) + "\n[…]";
        }
        String who = MessageSummary.addresses(original.getFrom());
        return (who == null ? "You" : who) + " wrote:\n> " + text.replace("\n", "\n> ");
    }

    private void send(MimeMessage reply) {
        MailSettings.Server smtp = service.settings().smtp().orElseThrow();
        String protocol = smtp.security() == MailSettings.Security.SSL ? "smtps" : "smtp";
        java.util.Properties props = ImapAccount.properties(smtp, protocol);
        props.setProperty(
                "mail." + protocol + ".auth", Boolean.toString(!smtp.password().isEmpty()));
        Session session = Session.getInstance(props);
        try (Transport transport = session.getTransport(protocol)) {
            boolean login = !smtp.password().isEmpty();
            transport.connect(smtp.host(), smtp.port(), login ? smtp.username() : null, login ? smtp.password() : null);
            transport.sendMessage(reply, reply.getAllRecipients());
        } catch (MessagingException e) {
            throw MailErrors.of(service.settings(), "smtp", e);
        }
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.mailReply(arguments, result);
    }
}
