package dev.tether.toolsets;

import static dev.tether.tool.ToolLabels.count;
import static dev.tether.tool.ToolLabels.size;
import static dev.tether.tool.ToolLabels.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.ToIntFunction;

/**
 * The built-in tools' labels ({@link dev.tether.tool.ToolLabels}), in one place so they read alike: each tool's
 * {@code label(arguments, result)} answers with one of these. {@code result} is null until the call succeeded.
 */
public final class CallLabels {

    private CallLabels() {}

    /** "Checked the time in Tokyo", "Checking the local time". */
    public static String time(JsonNode args, JsonNode result) {
        String zone = text(args, "timezone", "local");
        boolean local = zone.equalsIgnoreCase("local");
        String where = local ? "" : " in " + place(result != null ? text(result, "timezone", zone) : zone);
        return (result != null ? "Checked the " : "Checking the ") + (local ? "local " : "") + "time" + where;
    }

    /** "Checked the weather in Paris". */
    public static String weather(JsonNode args, JsonNode result) {
        return (result != null ? "Checked the weather in " : "Checking the weather in ") + location(args, result);
    }

    /** "Got a 3-day forecast for Paris". */
    public static String forecast(JsonNode args, JsonNode result) {
        int days = result != null ? size(result, "days") : args.path("days").asInt(0);
        String span = days > 0 ? "a " + days + "-day forecast" : "the forecast";
        return (result != null ? "Got " : "Getting ") + span + " for " + location(args, result);
    }

    /** "Searched the web for “cheap flights” (5 results)". */
    public static String webSearch(JsonNode args, JsonNode result) {
        return searched("the web", args, result, r -> size(r, "results"), "result");
    }

    /** "Read notes.md". */
    public static String readFile(JsonNode args, JsonNode result) {
        return (result != null ? "Read " : "Reading ") + fileName(text(args, "path", "a file"));
    }

    /** "Wrote notes.md". */
    public static String writeFile(JsonNode args, JsonNode result) {
        return (result != null ? "Wrote " : "Writing ") + fileName(text(args, "path", "a file"));
    }

    /** "Looked at notes.md". */
    public static String fileInfo(JsonNode args, JsonNode result) {
        return (result != null ? "Looked at " : "Looking at ") + fileName(text(args, "path", "a file"));
    }

    /** "Listed 12 files in notes", "Listing the allowed folders". */
    public static String listFiles(JsonNode args, JsonNode result) {
        String path = text(args, "path", "");
        String where = path.isEmpty() ? "the allowed folders" : fileName(path);
        return result == null
                ? "Listing " + where
                : "Listed " + count(size(result, "entries"), "entry", "entries") + " in " + where;
    }

    /** "Searched files for “budget” (3 found)". */
    public static String searchFiles(JsonNode args, JsonNode result) {
        String what = text(args, "content", text(args, "name", ""));
        String query = what.isEmpty() ? "files" : "files for " + quoted(what);
        return result == null
                ? "Searching " + query
                : "Searched " + query + found(size(result, "files"), " found", " found");
    }

    /** "Listed 5 events", "Listing events". */
    public static String calendarList(JsonNode args, JsonNode result) {
        return result == null
                ? "Listing events"
                : "Listed " + count(result.path("count").asInt(-1), "event");
    }

    /** "Searched the calendar for “dentist” (2 events)". */
    public static String calendarSearch(JsonNode args, JsonNode result) {
        return searched("the calendar", args, result, r -> r.path("count").asInt(-1), "event");
    }

    /** "Found 4 free slots". */
    public static String freeBusy(JsonNode args, JsonNode result) {
        return result == null
                ? "Finding free time"
                : "Found " + count(size(result, "free"), "free slot") + " in the calendar";
    }

    /** "Added “Dentist” to the calendar". */
    public static String createEvent(JsonNode args, JsonNode result) {
        String title = quoted(text(args, "title", "an event"));
        return (result != null ? "Added " : "Adding ") + title + " to the calendar";
    }

    /** "Searched the knowledge base for “onboarding” (5 passages)". */
    public static String kbSearch(JsonNode args, JsonNode result) {
        return searched("the knowledge base", args, result, r -> size(r, "passages"), "passage");
    }

    /** "Checked the knowledge base". */
    public static String kbStatus(JsonNode args, JsonNode result) {
        return result == null ? "Checking the knowledge base" : "Checked the knowledge base";
    }

    /** "Listed 20 messages in INBOX". */
    public static String mailList(JsonNode args, JsonNode result) {
        String folder = text(args, "folder", "INBOX");
        return result == null
                ? "Listing mail in " + folder
                : "Listed " + count(size(result, "messages"), "message") + " in " + folder;
    }

    /** "Searched mail (3 messages)". */
    public static String mailSearch(JsonNode args, JsonNode result) {
        String what = text(args, "text", text(args, "subject", text(args, "from", "")));
        String query = what.isEmpty() ? "mail" : "mail for " + quoted(what);
        return result == null
                ? "Searching " + query
                : "Searched " + query + found(result.path("count").asInt(-1), " message", " messages");
    }

    /** "Read “Lunch on Friday?”", "Reading a message". */
    public static String mailRead(JsonNode args, JsonNode result) {
        return result == null ? "Reading a message" : "Read " + quoted(text(result, "subject", "a message"));
    }

    /** "Drafted a reply to ada@example.org", "Sent a reply …". */
    public static String mailReply(JsonNode args, JsonNode result) {
        if (result == null) {
            return args.path("send").asBoolean() ? "Sending a reply" : "Drafting a reply";
        }
        String to = text(result, "to", "");
        return (result.path("sent").asBoolean() ? "Sent a reply" : "Drafted a reply")
                + (to.isEmpty() ? "" : " to " + to);
    }

    /** "Marked a message as seen". */
    public static String mailFlag(JsonNode args, JsonNode result) {
        String flag = text(args, "flag", "flag").toLowerCase(java.util.Locale.ROOT);
        boolean set = args.path("value").asBoolean(true);
        String verb = set ? (result != null ? "Marked" : "Marking") : (result != null ? "Unmarked" : "Unmarking");
        return verb + " a message as " + flag;
    }

    /** "Moved a message to Archive". */
    public static String mailMove(JsonNode args, JsonNode result) {
        return (result != null ? "Moved" : "Moving") + " a message to " + text(args, "to", "another folder");
    }

    /** "Searching {where} for “query”", then "Searched {where} for “query” ({found})". */
    private static String searched(
            String where, JsonNode args, JsonNode result, ToIntFunction<JsonNode> found, String noun) {
        String what = where + " for " + quoted(text(args, "query", ""));
        return result == null
                ? "Searching " + what
                : "Searched " + what + found(found.applyAsInt(result), " " + noun, " " + noun + "s");
    }

    /** " (3 found)", " (1 message)", " (2 messages)"; nothing when the result did not say how many ({@code n} -1). */
    private static String found(int n, String singular, String plural) {
        return n < 0 ? "" : " (" + n + (n == 1 ? singular : plural) + ")";
    }

    private static String location(JsonNode args, JsonNode result) {
        String asked = text(args, "location", "a place");
        return result == null ? asked : text(result.path("place"), "name", asked);
    }

    /** The last part of an IANA zone, as people say it: "Asia/Tokyo" is Tokyo, "America/New_York" New York. */
    private static String place(String zone) {
        String last = zone.substring(zone.lastIndexOf('/') + 1).replace('_', ' ');
        return last.isBlank() ? zone : last;
    }

    /** The last part of a path: "notes/plan.md" is plan.md. */
    private static String fileName(String path) {
        String trimmed = path.replace('\\', '/').replaceAll("/+$", "");
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return last.isEmpty() ? path : last;
    }

    private static String quoted(String text) {
        return "“" + text + "”";
    }
}
