package dev.tether.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.approval.ApprovalMode;
import dev.tether.engine.approval.ToolApproval;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.tool.ToolOutcome;
import dev.tether.engine.tool.ToolRegistry;
import dev.tether.engine.tool.ToolSpec;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Presents the registry's tools as MCP tools: same name, description, generated schema and hints, and every call
 * goes through {@link ToolRegistry#invoke} — so validation, timeouts and error messages are exactly those of chat.
 * The approval rule of chat holds per MCP session: once a session called a private-data tool, a network tool is
 * refused in its result unless {@code tools.approval} is {@code allow} (an MCP client cannot answer Tether's ask).
 */
final class ToolAdapter {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** Sessions whose gates are remembered; beyond this the least recently calling one is forgotten. */
    private static final int MAX_GATES = 4096;

    private final ToolRegistry registry;
    private final ObjectMapper json;
    private final ToolApproval approval;
    private final Map<String, ToolApproval.Gate> gates = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ToolApproval.Gate> eldest) {
                    return size() > MAX_GATES;
                }
            });

    ToolAdapter(ToolRegistry registry, ObjectMapper json) {
        this(registry, json, ApprovalMode.ASK);
    }

    ToolAdapter(ToolRegistry registry, ObjectMapper json, ApprovalMode approval) {
        this.registry = registry;
        this.json = json;
        this.approval = new ToolApproval(approval, Duration.ZERO);
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

    /** A call outside any session (tests); every call of one session shares {@code sessionId}'s gate. */
    CallToolResult call(String name, Map<String, Object> arguments) {
        return call("", name, arguments);
    }

    /** A failed call is an {@code isError} result carrying the registry's message, never a protocol error. */
    CallToolResult call(String sessionId, String name, Map<String, Object> arguments) {
        ObjectNode args = arguments == null ? json.createObjectNode() : json.valueToTree(arguments);
        ToolApproval.Gate gate = gates.computeIfAbsent(String.valueOf(sessionId), id -> approval.gate(
                UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)), List.of(), registry::spec, false));
        ToolOutcome outcome = gate.refusal(new ToolCall("mcp", name, args), new Cancellation(), event -> { })
                .map(ToolOutcome::failure)
                .orElseGet(() -> registry.invoke(name, args));
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
