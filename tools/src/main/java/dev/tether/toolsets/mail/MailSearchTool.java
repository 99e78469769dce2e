package dev.tether.toolsets.mail;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tether.tool.Param;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SentDateTerm;
import jakarta.mail.search.SubjectTerm;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Searches a folder by sender, subject, text and date (on the IMAP server, or in memory for local mail). */
@ToolInfo(
        name = "mail_search",
        description = "Search the user's e-mails in a folder by sender, subject, text and date range "
                + "(dates as 2026-03-30). All given criteria must match. Newest first.")
public final class MailSearchTool {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String folder, int count, boolean truncated, List<MessageSummary> messages) {}

    private final MailService service;

    MailSearchTool(MailService service) {
        this.service = service;
    }

    public Result run(
            @Param(description = "Folder name", defaultValue = "INBOX") String folder,
            @Param(description = "Part of the sender's name or address", defaultValue = "") String from,
            @Param(description = "Part of the subject", defaultValue = "") String subject,
            @Param(description = "Words in the subject or body", defaultValue = "") String text,
            @Param(description = "Sent on or after this date", defaultValue = "") String since,
            @Param(description = "Sent before this date", defaultValue = "") String before,
            @Param(description = "Only unread messages", defaultValue = "false", name = "unread_only")
                    boolean unreadOnly,
            @Param(description = "Most messages to return", defaultValue = "20", minimum = 1, maximum = 100)
                    int limit) {
        SearchTerm term = term(from, subject, text, since, before, unreadOnly);
        int max = Math.min(limit, service.settings().maxResults());
        return service.inFolder(folder, false, open -> {
            List<Message> matches = open.search(term);
            if (matches.isEmpty() && !(from + subject + text).chars().allMatch(c -> c < 128)) {
                matches = open.scan(term, ImapFolder.SCAN_LIMIT);
            }
            List<Message> newest = matches.subList(Math.max(0, matches.size() - max), matches.size());
            return new Result(folder, newest.size(), matches.size() > max, service.newestFirst(open, newest));
        });
    }

    /** All given criteria, ANDed; IMAP turns this into one SEARCH command. */
    private SearchTerm term(String from, String subject, String text, String since, String before, boolean unreadOnly) {
        List<SearchTerm> terms = new ArrayList<>();
        if (!from.isBlank()) {
            terms.add(new FromStringTerm(from.strip()));
        }
        if (!subject.isBlank()) {
            terms.add(new SubjectTerm(subject.strip()));
        }
        if (!text.isBlank()) {
            terms.add(new OrTerm(new SubjectTerm(text.strip()), new BodyTerm(text.strip())));
        }
        if (!since.isBlank()) {
            terms.add(new SentDateTerm(ComparisonTerm.GE, date(since, service.zone())));
        }
        if (!before.isBlank()) {
            terms.add(new SentDateTerm(ComparisonTerm.LT, date(before, service.zone())));
        }
        if (unreadOnly) {
            terms.add(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        }
        if (terms.isEmpty()) {
            throw new ToolException("give at least one of from, subject, text, since, before or unread_only");
        }
        return terms.size() == 1 ? terms.getFirst() : new AndTerm(terms.toArray(SearchTerm[]::new));
    }

    private static Date date(String text, ZoneId zone) {
        try {
            return Date.from(LocalDate.parse(text.strip()).atStartOfDay(zone).toInstant());
        } catch (DateTimeParseException e) {
            throw new ToolException("dates look like 2026-03-30, not '" + text + "'");
        }
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.mailSearch(arguments, result);
    }
}
