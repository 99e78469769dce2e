package dev.tether.toolsets.mail;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import jakarta.mail.Flags;

/** Marks a message read/unread, flagged or answered; only when the user set {@code organize: true}. */
@ToolInfo(
        name = "mail_flag",
        description = "Mark one e-mail as seen (read), flagged (starred) or answered, or clear that mark. Only "
                + "works when the user allowed organizing mail.",
        readOnly = false)
public final class MailFlagTool {

    /** The marks a tool may set. */
    public enum Mark {
        SEEN(Flags.Flag.SEEN),
        FLAGGED(Flags.Flag.FLAGGED),
        ANSWERED(Flags.Flag.ANSWERED);

        private final Flags.Flag flag;

        Mark(Flags.Flag flag) {
            this.flag = flag;
        }
    }

    record Flagged(String id, String folder, String flag, boolean value) {}

    private final MailService service;

    MailFlagTool(MailService service) {
        this.service = service;
    }

    public Flagged run(
            @Param(description = "Message id") String id,
            @Param(description = "Which mark") Mark flag,
            @Param(description = "true sets the mark, false clears it", defaultValue = "true") boolean value,
            @Param(description = "Folder the message is in", defaultValue = "INBOX") String folder) {
        service.requireOrganize("flagging mail");
        return service.inFolder(folder, true, open -> {
            open.setFlag(open.byId(id), flag.flag, value);
            return new Flagged(id, folder, flag.name().toLowerCase(), value);
        });
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.mailFlag(arguments, result);
    }
}
