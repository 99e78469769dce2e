package dev.tether.mcp.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.tool.CancelSignal;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolProgress;
import dev.tether.tool.ToolSpec;
import dev.tether.tool.approval.ApprovalMode;
import dev.tether.tool.external.ExternalTool;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One of an MCP server's tools as Tether offers it: {@code <server>__<tool>}, the server's description and input
 * schema, and hints where the configuration's {@code reaches_network} and {@code reads_private_data} hold whatever
 * the server's annotations say (an annotation can add a warning, never take one away).
 */
final class McpTool implements ExternalTool {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);

    private final McpServerConnection server;
    private final String remoteName;
    private final ToolSpec spec;
    private final ObjectMapper json;

    private McpTool(McpServerConnection server, String remoteName, ToolSpec spec, ObjectMapper json) {
        this.server = server;
        this.remoteName = remoteName;
        this.spec = spec;
        this.json = json;
    }

    static McpTool of(McpServerConnection server, McpSchema.Tool tool, ObjectMapper json) {
        McpServerConfig config = server.config();
        McpSchema.ToolAnnotations a = tool.annotations();
        boolean readOnly = a != null && Boolean.TRUE.equals(a.readOnlyHint());
        // MCP's default for destructiveHint is true when the tool is not read-only
        boolean destructive = a == null ? false : !readOnly && !Boolean.FALSE.equals(a.destructiveHint());
        boolean openWorld = config.reachesNetwork() || a != null && Boolean.TRUE.equals(a.openWorldHint());
        ObjectNode schema = tool.inputSchema() == null ? json.createObjectNode() : json.valueToTree(tool.inputSchema());
        if (!schema.has("type")) {
            schema.put("type", "object");
        }
        String description = tool.description() == null || tool.description().isBlank()
                ? (tool.title() == null ? tool.name() : tool.title())
                : tool.description();
        ToolSpec spec = new ToolSpec(
                ToolNames.of(config.name(), tool.name()),
                description,
                schema,
                new ToolSpec.Hints(readOnly, destructive, openWorld, config.readsPrivateData()));
        return new McpTool(server, tool.name(), spec, json);
    }

    private static String exitSoon(CompletableFuture<String> ended) {
        try {
            return ended.get(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public String source() {
        return server.name();
    }

    @Override
    public ApprovalMode approval() {
        return server.config().approval();
    }

    @Override
    public String approvalKey() {
        return server.config().key() + ".approval";
    }

    @Override
    public ToolOutcome call(JsonNode arguments, CancelSignal cancel, Duration timeout, ToolProgress progress) {
        McpServerConnection.Running running = server.running().orElse(null);
        if (running == null) {
            return ToolOutcome.failure(spec.name() + " is unavailable: " + source() + " cannot run: "
                    + server.state().reason());
        }
        InFlightCalls calls = running.calls();
        String token = calls.open(progress);
        CompletableFuture<McpSchema.CallToolResult> call = running.client()
                .callTool(new McpSchema.CallToolRequest(
                        remoteName, json.convertValue(arguments, MAP), Map.of("progressToken", token)))
                .toFuture();
        CompletableFuture<String> ended = running.ended();
        Runnable stop = () -> {
            calls.cancel(token, "the user stopped it");
            call.cancel(true);
        };
        cancel.onCancel(stop);
        try {
            CompletableFuture.anyOf(call, ended).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!call.isDone() && ended.isDone()) {
                call.cancel(true);
                server.lost(ended.getNow(""));
                return ToolOutcome.failure(
                        spec.name() + " failed: " + source() + " stopped during the call: " + ended.getNow(""));
            }
            return server.results().outcome(spec.name(), call.get());
        } catch (TimeoutException e) {
            calls.cancel(token, "timed out after " + timeout.toSeconds() + " s");
            call.cancel(true);
            return ToolOutcome.failure(
                    spec.name() + " timed out after " + timeout.toSeconds() + " s (limits.tool_timeout_sec)");
        } catch (CancellationException e) {
            return ToolOutcome.failure("cancelled");
        } catch (InterruptedException e) {
            calls.cancel(token, "the user stopped it");
            call.cancel(true);
            Thread.currentThread().interrupt();
            return ToolOutcome.failure("cancelled");
        } catch (ExecutionException e) {
            if (call.isCancelled()) {
                return ToolOutcome.failure("cancelled");
            }
            // the SDK fails a call when the server's output ends, a moment before the process is seen to exit
            String exit = exitSoon(ended);
            if (exit != null) {
                server.lost(exit);
                return ToolOutcome.failure(spec.name() + " failed: " + source() + " stopped during the call: " + exit);
            }
            return ToolOutcome.failure(spec.name() + " failed: " + McpServerConnection.reason(e));
        } finally {
            calls.close(token);
            cancel.removeListener(stop);
        }
    }
}
