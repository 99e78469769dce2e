package dev.tether.toolsets.mail;

import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolUnavailableException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** What the mail tools share: the settings, the account, and listing pages newest first. */
final class MailService {

    private final MailSettings settings;
    private final MailAccount account;
    private final ZoneId zone;

    MailService(ToolContext context) {
        this.settings = MailSettings.from(context);
        this.account = MailAccount.of(settings);
        try {
            this.zone =
                    context.args().get("timezone").asString().map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (RuntimeException e) {
            throw new ToolUnavailableException("args.timezone is not a time zone: " + e.getMessage());
        }
    }

    MailSettings settings() {
        return settings;
    }

    MailAccount account() {
        return account;
    }

    ZoneId zone() {
        return zone;
    }

    /** Runs {@code work} on an open folder and closes it, mapping mail failures to clear tool errors. */
    <T> T inFolder(String folder, boolean write, FolderWork<T> work) {
        try (OpenFolder open = account.open(folder.isBlank() ? "INBOX" : folder.strip(), write)) {
            return work.apply(open);
        } catch (MessagingException e) {
            throw MailErrors.of(settings, "imap", e);
        }
    }

    /** Work on an open folder that may throw mail exceptions. */
    @FunctionalInterface
    interface FolderWork<T> {
        T apply(OpenFolder folder) throws MessagingException;
    }

    /** Summaries of {@code messages} (oldest first) as a page newest first. */
    List<MessageSummary> newestFirst(OpenFolder folder, List<Message> messages) throws MessagingException {
        List<MessageSummary> page = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0; i--) {
            page.add(MessageSummary.of(folder, messages.get(i), zone));
        }
        return page;
    }

    void requireOrganize(String what) {
        if (!settings.organize()) {
            throw new ToolException(what + " is off: the user has to set organize: true in the mail tools' args");
        }
    }
}
