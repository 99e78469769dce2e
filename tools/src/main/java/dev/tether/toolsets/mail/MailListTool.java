package dev.tether.toolsets.mail;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.search.FlagTerm;
import java.util.List;

/** Lists a mail folder newest first, a page at a time, optionally only unread mail. Never marks anything read. */
@ToolInfo(
        name = "mail_list",
        description = "List the user's e-mails in a folder, newest first, a page at a time (ids for mail_read).")
public final class MailListTool {

    /** A page; {@code next_offset} is there when more messages follow. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Page(
            String folder,
            int total,
            int offset,
            List<MessageSummary> messages,
            @JsonProperty("next_offset") Integer nextOffset) {}

    private final MailService service;

    MailListTool(MailService service) {
        this.service = service;
    }

    public Page run(
            @Param(description = "Folder name", defaultValue = "INBOX") String folder,
            @Param(description = "How many of the newest messages to skip", defaultValue = "0", minimum = 0) int offset,
            @Param(description = "Page size", defaultValue = "20", minimum = 1, maximum = 100) int limit,
            @Param(description = "Only unread messages", defaultValue = "false", name = "unread_only")
                    boolean unreadOnly) {
        int pageSize = Math.min(limit, service.settings().maxResults());
        return service.inFolder(folder, false, open -> {
            List<Message> chosen;
            int total;
            if (unreadOnly) {
                List<Message> unread = open.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
                total = unread.size();
                int end = Math.max(0, total - offset);
                chosen = unread.subList(Math.max(0, end - pageSize), end);
            } else {
                total = open.size();
                int newest = total - offset;
                chosen = open.range(Math.max(1, newest - pageSize + 1), newest);
            }
            Integer next = offset + chosen.size() < total ? offset + chosen.size() : null;
            return new Page(folder, total, offset, service.newestFirst(open, chosen), next);
        });
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.mailList(arguments, result);
    }
}
