package dev.tether.server;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig.ServerSettings;
import dev.tether.mcp.McpHttpService;
import dev.tether.pull.HubClient;
import dev.tether.pull.PullCli;
import dev.tether.pull.Puller;
import dev.tether.pull.RunCheck;
import dev.tether.server.http.ApiKeyFilter;
import dev.tether.server.http.Cors;
import dev.tether.server.http.Errors;
import dev.tether.server.http.HeaderDeadline;
import dev.tether.server.http.HostCheck;
import dev.tether.server.http.SecurityHeaders;
import dev.tether.server.openai.OpenAiService;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP face of an {@link Engine}: the documented routes at the root and under {@code /api/v1}, plus any extra
 * services (OpenAI-compatible API, MCP transports) mounted by the caller. The CORS and API-key filters apply to
 * every route. Does not own the engine: the caller closes it after {@link #stop()}.
 */
public final class TetherServer {

    public static final String API_PREFIX = "/api/v1";

    /** An extra service and the path it is registered at (e.g. {@code /v1} or {@code /mcp}). */
    public record Mount(String path, HttpService service) {
        public Mount {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(service, "service");
        }
    }

    private final ServerSettings settings;
    private final Metrics metrics;
    private final dev.tether.engine.loop.Orchestrator orchestrator;
    private final WebServer server;
    private final HeaderDeadline headerDeadline;

    /** The server with every standard service, including those of other modules ({@link #mounts}). */
    public TetherServer(Engine engine) {
        this(engine, mounts(engine));
    }

    /**
     * Services beside the core API that are part of every Tether server: the OpenAI-compatible API at {@code /v1},
     * the MCP transports at {@code /mcp}, {@code /sse} and {@code /message}. Adding one is one line here.
     */
    static List<Mount> mounts(Engine engine) {
        List<Mount> mounts = new java.util.ArrayList<>();
        mounts.add(new Mount("/v1", new OpenAiService(engine)));
        mounts.add(new Mount("/v1", new dev.tether.server.openai.EmbeddingsService(engine)));
        mounts.add(new Mount("/v1", new dev.tether.server.anthropic.AnthropicService(engine)));
        mounts.add(new Mount("/v1", new dev.tether.server.responses.ResponsesService(engine)));
        if (engine.config().mcpHttpEnabled()) {
            mounts.add(new Mount(
                    "/",
                    new McpHttpService(
                            engine.tools(),
                            McpHttpConfig.from(
                                    engine.config(),
                                    java.time.Duration.ofSeconds(engine.config().mcpSessionIdleSec())))));
        }
        return List.copyOf(mounts);
    }

    /** The server with the core API and exactly {@code extra} besides (tests, embedding). */
    public TetherServer(Engine engine, List<Mount> extra) {
        this.settings = engine.config().server();
        this.orchestrator = engine.orchestrator();
        requireKeyOffLoopback(settings);
        this.metrics = new Metrics(() -> engine.orchestrator().activeTurns());
        this.headerDeadline = new HeaderDeadline(
                Duration.ofMillis(settings.headerTimeoutMs()), Duration.ofMillis(settings.bodyTimeoutMs()));
        Duration idle = Duration.ofSeconds(settings.idleTimeoutSec());
        this.server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .shutdownHook(false)
                // each stream event is a small write: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .maxPayloadSize(settings.maxBodyBytes())
                .maxTcpConnections(settings.maxConnections())
                // HTTP/1.1 through the header deadline only: no discovered protocol beside it
                .protocolsDiscoverServices(false)
                .protocols(List.of())
                .addConnectionSelector(headerDeadline)
                .idleConnectionTimeout(idle)
                .idleConnectionPeriod(Duration.ofMillis(Math.clamp(idle.toMillis() / 4, 1000, 120_000)))
                .directHandlers(Errors.directHandlers())
                .routing(routing -> routing(routing, engine, metrics, extra))
                .build();
    }

    /** Registers everything on {@code routing}: error mapping, filters, the API twice, extras, the web page. */
    public static void routing(HttpRouting.Builder routing, Engine engine, Metrics metrics, List<Mount> extra) {
        ServerSettings settings = engine.config().server();
        long maxBody = settings.maxBodyBytes();
        Errors.register(routing);
        routing.addFilter(metrics.requestCounter());
        routing.addFilter(new HostCheck(settings.host(), settings.allowedHosts()));
        routing.addFilter(new SecurityHeaders());
        routing.addFilter(new Cors(settings.corsAllowedOrigins(), settings.host()));
        if (settings.hasApiKey()) {
            routing.addFilter(new ApiKeyFilter(settings.apiKey(), TetherServer::open));
        }
        ToolCallLabels labels = new ToolCallLabels(engine.tools());
        HttpService[] api = {
            new SessionService(
                    engine.store(),
                    engine.sessionCaches(),
                    maxBody,
                    engine.config().limits().maxTitleChars(),
                    engine.config().limits().maxSystemPromptChars(),
                    labels,
                    engine.models()::chats),
            new ChatService(engine.orchestrator(), engine.store(), metrics, maxBody, labels),
            new ApprovalService(engine.orchestrator().approval().pending(), maxBody),
            // before ModelService, whose /models/{name} would answer POST /models/pull with 405
            pullService(engine, maxBody),
            new EngineService(
                    dev.tether.engines.EngineInstaller.from(engine.config(), System::getenv),
                    engine.config(),
                    System::getenv,
                    maxBody),
            new ModelService(engine.models(), maxBody),
            new ToolService(engine.tools()),
            new HealthService(engine, metrics),
            new OpenApiService()
        };
        routing.register("/", api);
        routing.register(API_PREFIX, api);
        extra.forEach(m -> routing.register(m.path(), m.service()));
        WebPage.register(routing);
    }

    private static PullService pullService(Engine engine, long maxBody) {
        HubClient hub = HubClient.from(engine.config().pull(), System::getenv);
        return new PullService(
                new Puller(hub, PullCli.distRoot(engine.config())),
                RunCheck.from(engine.config(), hub, System::getenv),
                maxBody);
    }

    /**
     * Starts listening. A port that another process holds is one clear {@link PortInUseException}: it is tried
     * before Helidon is started (which would log a stack trace), and checked again after.
     */
    public TetherServer start() {
        if (settings.port() != 0) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress(settings.host(), settings.port()));
            } catch (java.net.BindException e) {
                throw new PortInUseException(settings.port());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(
                        "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
            }
        }
        server.start();
        if (!server.isRunning() || server.port() < 0) {
            throw new PortInUseException(settings.port());
        }
        return this;
    }

    /** The configured port is taken, most likely by a Tether that is already running. */
    public static final class PortInUseException extends RuntimeException {
        PortInUseException(int port) {
            super("port " + port + " is in use — is Tether already running? Use --port N (or --port 0 for a free one)");
        }
    }

    public int port() {
        return server.port();
    }

    /** The address clients use, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "http://" + host + ":" + port();
    }

    public Metrics metrics() {
        return metrics;
    }

    /**
     * Ends the running answers first (each client is told {@code server_stopping}, within
     * {@code server.shutdown_grace_ms}), then stops listening.
     */
    public void stop() {
        orchestrator.stopTurns(Duration.ofMillis(settings.shutdownGraceMs()));
        server.stop();
        headerDeadline.close();
    }

    /** A server reachable from other machines must have an API key. */
    static void requireKeyOffLoopback(ServerSettings settings) {
        if (settings.hasApiKey()) {
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(settings.host()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("host", "unknown host " + settings.host());
        }
        if (!loopback) {
            throw new ConfigException(
                    "host",
                    settings.host() + " is not a loopback address: set server.api_key "
                            + "(or env TETHER_API_KEY) before serving other machines");
        }
    }

    /** Requests served without the API key: liveness and the web page's own files. */
    private static boolean open(Method method, String rawPath) {
        return rawPath.equals("/healthz")
                || rawPath.equals(API_PREFIX + "/healthz")
                || WebPage.isPublic(method, rawPath);
    }
}
