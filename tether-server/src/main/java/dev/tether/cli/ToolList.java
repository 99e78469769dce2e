package dev.tether.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /tools} in {@code tether chat}: the server's tools, Tether's own first, then each MCP server's as a group. */
final class ToolList {

    private ToolList() {}

    /** Lines for {@code GET /tools}'s answer. */
    static List<String> lines(JsonNode tools) {
        List<String> own = new ArrayList<>();
        Map<String, List<String>> bySource = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (JsonNode tool : tools) {
            if (!tool.path("available").asBoolean()) {
                if (tool.has("source")) {
                    failed.put(tool.path("source").asText(), tool.path("reason").asText());
                }
                continue;
            }
            String name = tool.path("name").asText();
            if (tool.has("source")) {
                bySource.computeIfAbsent(tool.path("source").asText(), s -> new ArrayList<>())
                        .add(name);
            } else {
                own.add(name);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("Tether: " + (own.isEmpty() ? "(none)" : String.join(", ", own)));
        bySource.forEach((source, names) -> lines.add(source + ": " + String.join(", ", names)));
        failed.forEach((source, reason) -> lines.add(source + ": unavailable — " + reason));
        return lines;
    }
}
