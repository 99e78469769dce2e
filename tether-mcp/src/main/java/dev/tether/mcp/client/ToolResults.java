package dev.tether.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tether.tool.ToolOutcome;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an MCP tool result into a Tether tool outcome: the text parts joined; {@code structuredContent} kept as JSON
 * beside the text; images, audio and resources named with their type and size rather than dropped; an
 * {@code isError} result a tool error. A result longer than {@code maxChars} is cut, and says so.
 */
final class ToolResults {

    static final String CUT_MARKER = "\n[result cut: %d of %d characters shown (limits.max_tool_result_chars)]";

    private final ObjectMapper json;
    private final int maxChars;

    ToolResults(ObjectMapper json, int maxChars) {
        this.json = json;
        this.maxChars = maxChars;
    }

    ToolOutcome outcome(String tool, McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            parts.add(describe(content));
        }
        String text = cut(String.join("\n", parts));
        if (Boolean.TRUE.equals(result.isError())) {
            return ToolOutcome.failure(text.isBlank() ? tool + " failed (the server gave no reason)" : text);
        }
        if (result.structuredContent() == null) {
            return ToolOutcome.success(TextNode.valueOf(text));
        }
        JsonNode structured = json.valueToTree(result.structuredContent());
        String structuredText = structured.toString();
        ObjectNode out = json.createObjectNode();
        out.put("text", text);
        if (structuredText.length() > maxChars) {
            out.put("structured", cut(structuredText));
        } else {
            out.set("structured", structured);
        }
        return ToolOutcome.success(out);
    }

    private String describe(McpSchema.Content content) {
        return switch (content) {
            case McpSchema.TextContent t -> t.text() == null ? "" : t.text();
            case McpSchema.ImageContent i -> "[image: " + i.mimeType() + ", " + size(base64Bytes(i.data())) + "]";
            case McpSchema.AudioContent a -> "[audio: " + a.mimeType() + ", " + size(base64Bytes(a.data())) + "]";
            case McpSchema.ResourceLink link ->
                "[resource link: " + link.uri()
                        + (link.mimeType() == null ? "" : ", " + link.mimeType())
                        + (link.size() == null ? "" : ", " + size(link.size())) + "]";
            case McpSchema.EmbeddedResource r -> embedded(r.resource());
            default -> "[" + content.type() + " content]";
        };
    }

    private static String embedded(McpSchema.ResourceContents resource) {
        if (resource instanceof McpSchema.TextResourceContents text) {
            return "[resource " + text.uri() + "]\n" + text.text();
        }
        if (resource instanceof McpSchema.BlobResourceContents blob) {
            return "[resource: " + blob.uri() + ", " + blob.mimeType() + ", " + size(base64Bytes(blob.blob())) + "]";
        }
        return "[resource: " + resource.uri() + "]";
    }

    private String cut(String text) {
        if (text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + String.format(Locale.ROOT, CUT_MARKER, maxChars, text.length());
    }

    private static long base64Bytes(String data) {
        return data == null ? 0 : data.length() * 3L / 4;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return Math.round(bytes / 1024.0) + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
