package dev.tether.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call and its result as {@code tether chat} writes them, streamed or from the history: the server's human
 * label first ("Checked the time in Tokyo"), then the name and JSON for those who want them; a call the user
 * denied (or that was otherwise not run) is {@code [not run]}, not an error.
 */
final class ToolLines {

    private static final int MAX_RESULT_CHARS = 400;

    private ToolLines() {}

    /** {@code [tool] Checking the time in UTC: get_current_time {"timezone":"UTC"}}. */
    static String call(JsonNode call) {
        String name = call.path("name").asText(call.path("tool_name").asText());
        return "[tool] " + labelled(call, name + " " + call.path("arguments"));
    }

    /** {@code [approval] Sending a note: send_note {"text":"..."}: why it is asked.} */
    static String approval(JsonNode data) {
        return "[approval] " + labelled(data, data.path("tool_name").asText() + " " + data.path("arguments")) + ": "
                + data.path("reason").asText() + ".";
    }

    /** A {@code tool_result} event: {@code [result] Checked the time in UTC: {...}}, or the error. */
    static String result(JsonNode data) {
        if (data.has("error")) {
            return failure(data, data.path("error").asText());
        }
        JsonNode result = data.path("result");
        return "[result] " + labelled(data, shorten(result.isTextual() ? result.asText() : result.toString()));
    }

    /** A stored tool message (whose content is the result, or {@code {"error": "..."}}). */
    static String stored(JsonNode message) {
        String content = message.path("content").asText("");
        JsonNode parsed = parse(content);
        if (parsed.isObject() && parsed.size() == 1 && parsed.path("error").isTextual()) {
            return failure(message, parsed.get("error").asText());
        }
        return "[result] " + labelled(message, shorten(content));
    }

    private static String failure(JsonNode data, String error) {
        String name = data.path("tool_name").asText(data.path("name").asText());
        return (data.path("not_run").asBoolean() ? "[not run] " : "[tool error] ")
                + data.path("label").asText(name) + ": " + error;
    }

    private static String labelled(JsonNode data, String detail) {
        String label = data.path("label").asText("");
        return label.isBlank() ? detail : label + ": " + detail;
    }

    private static JsonNode parse(String content) {
        try {
            return TetherClient.JSON.readTree(content);
        } catch (java.io.IOException | RuntimeException e) {
            return TetherClient.JSON.missingNode();
        }
    }

    private static String shorten(String text) {
        return text.length() <= MAX_RESULT_CHARS ? text : text.substring(0, MAX_RESULT_CHARS) + "…";
    }
}
