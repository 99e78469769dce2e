package dev.tether.tool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Short human labels of tool calls, such as "Checked the time in Tokyo", shown on the chat page's tool chips and in
 * {@code tether chat} instead of the tool's name and JSON. A tool may define
 * {@code public String label(JsonNode arguments, JsonNode result)}: {@code result} is its result when the call
 * succeeded (then say what was done, in the past tense: "Read notes.md", "Listed 5 events"), or null while the call
 * is asked about or running, or when it failed or was not run (then say what it is doing: "Reading notes.md").
 * Returning null or blank falls back to {@link #generic}. The helpers here are for those methods.
 */
public final class ToolLabels {

    /** The longest piece of an argument a label quotes. */
    static final int MAX_QUOTED_CHARS = 40;

    private ToolLabels() {}

    /**
     * The label of a tool that gives none: "Used get current time" (done) or "Using get current time"; another MCP
     * server's {@code server__tool} is "Used read text file from files".
     */
    public static String generic(String toolName, boolean done) {
        String verb = done ? "Used " : "Using ";
        int split = toolName.indexOf("__");
        if (split > 0 && split + 2 < toolName.length()) {
            return verb + words(toolName.substring(split + 2)) + " from " + toolName.substring(0, split);
        }
        return verb + words(toolName);
    }

    /** The argument {@code field} as short text (cut with "…"), or {@code fallback} when it is missing or blank. */
    public static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null
                || value.isNull()
                || value.isContainerNode()
                || value.asText().isBlank()) {
            return fallback;
        }
        return shorten(value.asText().strip());
    }

    /** {@code text} in one line of at most {@value #MAX_QUOTED_CHARS} characters. */
    public static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_QUOTED_CHARS
                ? line
                : line.substring(0, MAX_QUOTED_CHARS - 1).strip() + "…";
    }

    /**
     * "1 event", "5 events"; {@code plural} for nouns that do not just take an s. A count the result did not give
     * ({@code n} -1, as from {@link #size}) is the plural alone: "events".
     */
    public static String count(long n, String singular, String plural) {
        return n < 0 ? plural : n + " " + (n == 1 ? singular : plural);
    }

    /** {@link #count(long, String, String)} with the plural in s. */
    public static String count(long n, String singular) {
        return count(n, singular, singular + "s");
    }

    /** The size of the array {@code field} of {@code result}, or -1 when it has none. */
    public static int size(JsonNode result, String field) {
        JsonNode array = result == null ? null : result.get(field);
        return array != null && array.isArray() ? array.size() : -1;
    }

    private static String words(String name) {
        return name.replace('_', ' ').replace('-', ' ').strip().toLowerCase(Locale.ROOT);
    }
}
