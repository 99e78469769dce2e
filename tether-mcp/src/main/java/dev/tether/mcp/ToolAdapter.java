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
import java.util.Optional;

/**
 * Presents the registry's tools as MCP tools: same name, description, generated schema and hints, and every call
 * goes through {@link ToolRegistry#invoke} — so validation, timeouts and error messages are exactly those of chat.
 */
final class ToolAdapter {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final ToolRegistry registry;
    private final ObjectMapper json;
    private final PrivateDataGate gate;

    ToolAdapter(ToolRegistry registry, ObjectMapper json) {
        this(registry, json, false);
    }

    /** {@code allowNetworkAfterPrivateData}: {@code tools.approval: allow} (see {@link PrivateDataGate}). */
    ToolAdapter(ToolRegistry registry, ObjectMapper json, boolean allowNetworkAfterPrivateData) {
        this.gate = new PrivateDataGate(allowNetworkAfterPrivateData, registry::spec);
        this.registry = registry;
        this.json = json;
    }

    List<SyncToolSpecification> specifications() {
        return registry.specs().stream().map(this::specification).toList();
    }

    SyncToolSpecification specification(ToolSpec spec) {
        return SyncToolSpecification.builder()
                .tool(tool(spec))
                .callHandler((exchange, request) -> call(exchange.sessionId(), spec.name(), request.arguments()))
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
        return call("", name, arguments);
    }

    /** A call in an MCP session; the session's earlier calls decide whether a network tool may run. */
    CallToolResult call(String session, String name, Map<String, Object> arguments) {
        Optional<String> refused = gate.refusal(session, name);
        if (refused.isPresent()) {
            return CallToolResult.builder().addTextContent(refused.get()).isError(true).build();
        }
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
