package dev.tether.mcp.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.mcp.client.McpServerConfig.Transport;
import dev.tether.tool.external.ExternalTool;
import dev.tether.tool.external.ExternalToolSource;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/**
 * One MCP server, shared by every chat: its client, started at first use (or with Tether when {@code eager}), its
 * tools as it lists them now, and its state. A server that fails to start or dies is {@code failed} with the reason;
 * it is started again at a later use, after a wait that doubles with each failure in a row (up to a minute).
 */
final class McpServerConnection implements ExternalToolSource {

    private static final Logger LOG = Logger.getLogger(McpServerConnection.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final McpServerConfig config;
    private final Settings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final McpJsonMapper mapper = new JacksonMcpJsonMapper(json);
    private final ToolResults results;
    private final Object lock = new Object();

    private volatile SourceState state = new SourceState("stopped", null);
    private volatile List<ExternalTool> tools = List.of();
    private volatile Running running;
    private volatile boolean closed;
    private Instant retryAt = Instant.MIN;
    private Duration backoff = FIRST_BACKOFF;

    /** What every server shares: how long starting may take, result size, where logs go, the environment. */
    record Settings(
            Duration startTimeout,
            Duration callTimeout,
            int maxResultChars,
            java.nio.file.Path logDir,
            Function<String, String> environment,
            StdioLauncher launcher) {}

    /** A started client, its calls in flight and, for a stdio server, the end of its process. */
    record Running(McpAsyncClient client, InFlightCalls calls, CompletableFuture<String> ended) {}

    McpServerConnection(McpServerConfig config, Settings settings) {
        this.config = config;
        this.settings = settings;
        this.results = new ToolResults(json, settings.maxResultChars());
    }

    @Override
    public String name() {
        return "mcp:" + config.name();
    }

    @Override
    public String toolPrefix() {
        return ToolNames.prefix(config.name());
    }

    @Override
    public boolean reexported() {
        return config.reexport();
    }

    McpServerConfig config() {
        return config;
    }

    @Override
    public SourceState state() {
        return state;
    }

    @Override
    public void startEagerly() {
        if (config.eager()) {
            tools();
        }
    }

    @Override
    public List<ExternalTool> tools() {
        if (running == null && !closed) {
            start();
        }
        return tools;
    }

    /**
     * The running client; starts it when it is not running (and may be retried now). Its {@code ended} completes
     * with the reason when the server's process ends (never, for an HTTP server).
     */
    Optional<Running> running() {
        tools();
        return Optional.ofNullable(running);
    }

    private void start() {
        synchronized (lock) {
            if (running != null || closed || Instant.now().isBefore(retryAt)) {
                return;
            }
            state = new SourceState("starting", null);
            CompletableFuture<String> ended = new CompletableFuture<>();
            McpAsyncClient client = null;
            InFlightCalls calls = new InFlightCalls();
            try {
                McpClientTransport transport = new RecordingTransport(transport(ended), calls);
                calls.sendVia(transport);
                client = McpClient.async(transport)
                        .clientInfo(new McpSchema.Implementation("tether", "0.1.0"))
                        .initializationTimeout(settings.startTimeout())
                        .requestTimeout(settings.callTimeout().plusSeconds(5))
                        .toolsChangeConsumer(list -> Mono.fromRunnable(() -> offer(list)))
                        .progressConsumer(report -> Mono.fromRunnable(() -> calls.progress(report)))
                        .build();
                // a server that exits while starting (a missing command under a watchdog) says so at once
                Mono<String> exit = Mono.fromFuture(ended, true).flatMap(r -> Mono.error(new IllegalStateException(r)));
                Mono.firstWithSignal(client.initialize().map(r -> "ok"), exit)
                        .block(settings.startTimeout().plusSeconds(1));
                McpSchema.ListToolsResult listed = client.listTools().block(settings.startTimeout());
                offer(listed == null ? List.of() : listed.tools());
                Running started = new Running(client, calls, ended);
                running = started;
                backoff = FIRST_BACKOFF;
                state = SourceState.running();
                if (closed) { // Tether stopped while it was starting: close() left it to this thread
                    running = null;
                    tools = List.of();
                    state = new SourceState("stopped", null);
                    closeQuietly(client);
                    return;
                }
                ended.thenAccept(reason -> died(started, reason));
                LOG.info(() -> name() + " running, " + tools.size() + " tools");
            } catch (RuntimeException e) {
                String reason = ended.isDone() ? ended.getNow("") : reason(e);
                if (client != null) {
                    closeQuietly(client);
                }
                failed(reason);
            }
        }
    }

    private McpClientTransport transport(CompletableFuture<String> ended) {
        return switch (config.transport()) {
            case Transport.Stdio stdio ->
                settings.launcher()
                        .transport(config.name(), stdio, mapper, settings.logDir(), settings.environment(), ended);
            case Transport.Http http -> {
                HttpRequest.Builder request = HttpRequest.newBuilder();
                for (Map.Entry<String, String> header : http.headersEnv().entrySet()) {
                    String value = settings.environment().apply(header.getValue());
                    if (value == null || value.isBlank()) {
                        throw new IllegalStateException("environment variable " + header.getValue() + " (header "
                                + header.getKey() + ") is not set");
                    }
                    request.header(header.getKey(), value);
                }
                if (http.sse()) {
                    java.net.URI uri = java.net.URI.create(http.url());
                    String endpoint = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                    yield io.modelcontextprotocol.client.transport.HttpClientSseClientTransport.builder(
                                    uri.getScheme() + "://" + uri.getRawAuthority())
                            .sseEndpoint(endpoint)
                            .jsonMapper(mapper)
                            .requestBuilder(request)
                            .connectTimeout(settings.startTimeout())
                            .build();
                }
                yield HttpClientStreamableHttpTransport.builder(http.url())
                        .jsonMapper(mapper)
                        .requestBuilder(request)
                        .connectTimeout(settings.startTimeout())
                        .build();
            }
        };
    }

    /** Keeps the configured ones of the server's tools, under Tether's names. */
    private void offer(List<McpSchema.Tool> listed) {
        List<ExternalTool> offered = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (McpSchema.Tool tool : listed) {
            if (!config.tools().isEmpty() && !config.tools().contains(tool.name())) {
                continue;
            }
            McpTool mcpTool = McpTool.of(this, tool, json);
            if (seen.putIfAbsent(mcpTool.spec().name(), tool.name()) == null) {
                offered.add(mcpTool);
            }
        }
        tools = List.copyOf(offered);
    }

    ToolResults results() {
        return results;
    }

    /** A call found the server gone: it is restarted at a later use. */
    void lost(String reason) {
        synchronized (lock) { // the exit watcher may be marking it failed right now: wait for that
            Running r = running;
            if (r != null) {
                died(r, reason);
            }
        }
    }

    private void died(Running which, String reason) {
        synchronized (lock) {
            if (running != which || closed) {
                return;
            }
            running = null;
            closeQuietly(which.client());
            failed(reason);
        }
    }

    private void failed(String reason) {
        tools = List.of();
        state = SourceState.failed(reason);
        retryAt = Instant.now().plus(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        LOG.warning(
                () -> name() + " is unavailable: " + reason + " (tried again at its next use, after " + retryAt + ")");
    }

    /** One line on why a start or call failed: a timeout, the first I/O error, else the innermost message. */
    static String reason(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")
                    || String.valueOf(t.getMessage()).startsWith("Did not observe any item or terminal signal")) {
                return "it did not answer in time";
            }
            if (t instanceof java.io.IOException && t.getMessage() != null) {
                return firstLine(t.getMessage());
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : firstLine(message);
    }

    private static String firstLine(String message) {
        return message.strip().lines().findFirst().orElse(message);
    }

    private static void closeQuietly(McpAsyncClient client) {
        try {
            client.closeGracefully().block(Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing an MCP client", e);
            client.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        if ("starting".equals(state.state())) {
            return; // the starting thread sees closed and closes what it started; stopping need not wait for it
        }
        synchronized (lock) {
            Running r = running;
            running = null;
            tools = List.of();
            state = new SourceState("stopped", null);
            if (r != null) {
                closeQuietly(r.client());
            }
        }
    }
}
