package dev.tether.toolsets.mail;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.stream.Collectors;

/** One line of a listing: enough to pick a message, short enough for a small model's context. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record MessageSummary(String id, String from, String subject, String date, boolean unread, boolean flagged, int size) {

    private static final int MAX_FIELD = 200;

    static MessageSummary of(OpenFolder folder, Message message, ZoneId zone) throws MessagingException {
        Flags flags = message.getFlags();
        return new MessageSummary(
                folder.id(message),
                trim(addresses(message.getFrom())),
                trim(message.getSubject() == null ? "(no subject)" : message.getSubject()),
                date(message.getSentDate(), zone),
                !flags.contains(Flags.Flag.SEEN),
                flags.contains(Flags.Flag.FLAGGED),
                message.getSize());
    }

    static String addresses(Address[] addresses) {
        if (addresses == null || addresses.length == 0) {
            return null;
        }
        return Arrays.stream(addresses)
                .map(a -> a instanceof InternetAddress ia && ia.getPersonal() != null
                        ? ia.getPersonal() + " <" + ia.getAddress() + ">"
                        : a.toString())
                .collect(Collectors.joining(", "));
    }

    static String date(Date date, ZoneId zone) {
        return date == null
                ? null
                : date.toInstant().atZone(zone).toOffsetDateTime().toString();
    }

    static String trim(String text) {
        return text == null || text.length() <= MAX_FIELD ? text : text.substring(0, MAX_FIELD) + "…";
    }
}
