package dev.tether.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

import java.util.List;
import java.util.Map;

/**
 * Presents the registry's tools as MCP tools: same name, description, generated schema and hints, and every call
 * goes through {@link ToolRegistry#invoke} — so validation, timeouts and error messages are exactly those of chat.
 */
final class ToolAdapter {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final ToolRegistry registry;
    private final ObjectMapper json;

    ToolAdapter(ToolRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    List<SyncToolSpecification> specifications() {
        return registry.specs().stream().map(this::specification).toList();
    }

    SyncToolSpecification specification(ToolSpec spec) {
        return SyncToolSpecification.builder()
                .tool(tool(spec))
                .callHandler((exchange, request) -> call(spec.name(), request.arguments()))
                .build();
    }

    Tool tool(ToolSpec spec) {
        ToolSpec.Hints hints = spec.hints();
        return Tool.builder(spec.name(), json.convertValue(spec.inputSchema(), MAP))
                .description(spec.description())
                .annotations(new ToolAnnotations(null, hints.readOnly(), hints.destructive(), null,
                        hints.openWorld(), null))
                .build();
    }

    /** A failed call is an {@code isError} result carrying the registry's message, never a protocol error. */
    CallToolResult call(String name, Map<String, Object> arguments) {
        ObjectNode args = arguments == null ? json.createObjectNode() : json.valueToTree(arguments);
        ToolOutcome outcome = registry.invoke(name, args);
        if (outcome.isError()) {
            return CallToolResult.builder().addTextContent(outcome.error()).isError(true).build();
        }
        JsonNode result = outcome.result();
        return CallToolResult.builder()
                .addTextContent(result.isTextual() ? result.asText() : result.toString())
                .structuredContent(json.convertValue(structured(result), MAP))
                .isError(false)
                .build();
    }

    /** MCP's {@code structuredContent} must be an object. */
    private ObjectNode structured(JsonNode result) {
        if (result instanceof ObjectNode object) {
            return object;
        }
        ObjectNode wrapper = json.createObjectNode();
        wrapper.set("result", result);
        return wrapper;
    }
}
