package dev.tether.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import dev.tether.tool.approval.ApprovalMode;
import dev.tether.tool.approval.PrivateDataGate;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.List;
import java.util.Map;

/**
 * Presents the registry's tools as MCP tools: same name, description, generated schema and hints, and every call
 * goes through {@link ToolRegistry#invoke} — so validation, timeouts and error messages are exactly those of chat.
 * One adapter serves every session and transport of a server, so its {@link PrivateDataGate} remembers what any
 * client read for the server's lifetime: a new session, or an evicted one, does not forget it.
 */
final class ToolAdapter {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ToolRegistry registry;
    private final ObjectMapper json;
    private final PrivateDataGate gate;

    ToolAdapter(ToolRegistry registry, ObjectMapper json) {
        this(registry, json, false);
    }

    /** {@code allowNetworkAfterPrivateData}: {@code tools.approval: allow} (see {@link PrivateDataGate}). */
    ToolAdapter(ToolRegistry registry, ObjectMapper json, boolean allowNetworkAfterPrivateData) {
        this.gate = PrivateDataGate.forMcpClients(
                allowNetworkAfterPrivateData ? ApprovalMode.ALLOW : ApprovalMode.ASK, registry);
        this.registry = registry;
        this.json = json;
    }

    List<SyncToolSpecification> specifications() {
        // another MCP server's tools are passed on only where its configuration says reexport: true
        List<ToolSpec> offered = new java.util.ArrayList<>(registry.ownSpecs());
        registry.sources().stream()
                .filter(dev.tether.tool.external.ExternalToolSource::reexported)
                .forEach(source -> source.tools().forEach(tool -> offered.add(tool.spec())));
        return offered.stream().map(this::specification).toList();
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
                .annotations(
                        new ToolAnnotations(null, hints.readOnly(), hints.destructive(), null, hints.openWorld(), null))
                .build();
    }

    /**
     * A failed call is an {@code isError} result carrying the registry's message, never a protocol error. What the
     * server's clients read before decides whether a call that sends data off the machine may run.
     */
    CallToolResult call(String name, Map<String, Object> arguments) {
        ObjectNode args = arguments == null ? json.createObjectNode() : json.valueToTree(arguments);
        if (gate.check(name, args, false) instanceof PrivateDataGate.Verdict.Refuse refused) {
            return CallToolResult.builder()
                    .addTextContent(refused.reason())
                    .isError(true)
                    .build();
        }
        ToolOutcome outcome = registry.invoke(name, args);
        if (outcome.isError()) {
            return CallToolResult.builder()
                    .addTextContent(outcome.error())
                    .isError(true)
                    .build();
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
