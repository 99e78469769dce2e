package dev.tether.toolsets.mail;

import dev.tether.tool.Param;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;

/** Moves a message to another folder; only when the user set {@code organize: true}. */
@ToolInfo(
        name = "mail_move",
        description = "Move one e-mail to another folder (e.g. Archive). Only works when the user allowed "
                + "organizing mail.",
        readOnly = false)
public final class MailMoveTool {

    record Moved(String id, String from, String to, boolean moved) {}

    private final MailService service;

    MailMoveTool(MailService service) {
        this.service = service;
    }

    public Moved run(
            @Param(description = "Message id") String id,
            @Param(description = "Target folder, e.g. Archive") String to,
            @Param(description = "Folder the message is in", defaultValue = "INBOX") String folder) {
        service.requireOrganize("moving mail");
        if (to.isBlank() || to.strip().equalsIgnoreCase(folder.strip())) {
            throw new ToolException("the target folder must differ from the message's folder");
        }
        return service.inFolder(folder, true, open -> {
            open.move(open.byId(id), to.strip());
            return new Moved(id, folder, to.strip(), true);
        });
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.mailMove(arguments, result);
    }
}
