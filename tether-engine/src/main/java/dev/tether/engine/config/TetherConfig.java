package dev.tether.engine.config;

import dev.tether.configfile.ConfigException;
import dev.tether.configfile.ConfigLayers;
import dev.tether.engine.chat.ContextStrategy;
import dev.tether.tool.ToolsConfig;
import dev.tether.tool.approval.ApprovalMode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The whole configuration, read once at start-up: the built-in {@code default.yml}, overridden by the user's file
 * and then by command-line overrides (see {@link ConfigLayers}). The tools part is {@link ToolsConfig}.
 */
public record TetherConfig(
        ServerSettings server,
        String systemPrompt,
        List<ProviderSettings> providers,
        int maxToolChars,
        String storeUrl,
        Path dataDir,
        ToolsConfig tools,
        Limits limits,
        boolean mcpHttpEnabled,
        int mcpSessionIdleSec,
        int mcpMaxSessions,
        ToolApprovalSettings toolApproval,
        PullSettings pull,
        EngineSettings engines,
        ContextSettings context) {

    /**
     * @param strategy         {@code context.strategy}: what a turn does when the conversation passes the context
     *                         (a session may choose its own)
     * @param summaryMaxTokens {@code context.summary_max_tokens}: the longest note a summary may write
     */
    public record ContextSettings(ContextStrategy strategy, int summaryMaxTokens) {
        /** The built-in settings: summarize, in notes of at most 256 tokens. */
        public static final ContextSettings DEFAULT = new ContextSettings(ContextStrategy.SUMMARIZE, 256);
    }

    /**
     * @param allowedHosts {@code Host} header names accepted besides loopback names and the bound address
     *                     ({@code server.allowed_hosts}; a name, or {@code name:port})
     * @param headerTimeoutMs {@code server.header_timeout_ms}: how long a request's line and headers may take to
     *                        arrive before the connection is closed
     * @param idleTimeoutSec  {@code server.idle_timeout_sec}: a kept-alive connection waiting this long for its
     *                        next request is closed
     * @param bodyTimeoutMs   {@code server.body_timeout_ms}: how long a request's body may take to arrive, from the
     *                        end of its headers, before the connection is closed
     * @param maxConnections  {@code server.max_connections}: open connections at most; more are refused
     * @param shutdownGraceMs {@code server.shutdown_grace_ms}: on shutdown, how long the running answers (ended
     *                        with {@code server_stopping}) may take to finish their streams
     */
    public record ServerSettings(
            String host,
            int port,
            String apiKey,
            List<String> corsAllowedOrigins,
            long maxBodyBytes,
            List<String> allowedHosts,
            int headerTimeoutMs,
            int idleTimeoutSec,
            int bodyTimeoutMs,
            int maxConnections,
            int shutdownGraceMs) {
        public ServerSettings {
            corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
            allowedHosts = List.copyOf(allowedHosts);
        }

        public ServerSettings(
                String host, int port, String apiKey, List<String> corsAllowedOrigins, long maxBodyBytes) {
            this(host, port, apiKey, corsAllowedOrigins, maxBodyBytes, List.of(), 20_000, 120, 60_000, 1024, 3000);
        }

        public boolean hasApiKey() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /**
     * @param mode       {@code tools.approval}: a network tool after private data was read — ask, allow or deny
     * @param timeoutSec {@code tools.approval_timeout_sec}: how long such a call waits for the user's answer
     */
    public record ToolApprovalSettings(ApprovalMode mode, int timeoutSec) {}

    /** One model provider: {@code impl} is a short name or a class name; {@code args} is its own node. */
    public record ProviderSettings(String key, String impl, Config args) {}

    /**
     * Where {@code tether pull} and {@code POST /models/pull} fetch models.
     *
     * @param hubEndpoint the Hugging Face Hub or a mirror: {@code pull.hub_endpoint}, else env {@code HF_ENDPOINT}
     * @param tokenEnv    the environment variable holding the hub token ({@code HF_TOKEN})
     * @param timeoutSec  connecting and waiting for the hub's answer headers
     * @param distRoot    where pulled models go; empty: the llama.cpp provider's {@code dist_root}
     * @param maxListingBytes {@code pull.max_listing_bytes}: the largest JSON answer read from the hub
     * @param minBytesPerSec  {@code pull.min_bytes_per_sec}: a download slower than this for {@code stallSec} stops
     * @param stallSec        {@code pull.stall_sec}
     */
    /**
     * @param probeBytes {@code pull.probe_bytes}: the most of a remote GGUF read (one {@code Range} request) to learn
     *                   from its header whether it will run here
     */
    public record PullSettings(
            String hubEndpoint,
            String tokenEnv,
            int timeoutSec,
            String distRoot,
            long probeBytes,
            long maxListingBytes,
            long minBytesPerSec,
            int stallSec) {

        public PullSettings(String hubEndpoint, String tokenEnv, int timeoutSec, String distRoot) {
            this(hubEndpoint, tokenEnv, timeoutSec, distRoot, 32L << 20);
        }

        public PullSettings(String hubEndpoint, String tokenEnv, int timeoutSec, String distRoot, long probeBytes) {
            this(hubEndpoint, tokenEnv, timeoutSec, distRoot, probeBytes, 32L << 20, 1024, 60);
        }

        public PullSettings(
                String hubEndpoint,
                String tokenEnv,
                int timeoutSec,
                String distRoot,
                long maxListingBytes,
                long minBytesPerSec,
                int stallSec) {
            this(hubEndpoint, tokenEnv, timeoutSec, distRoot, 32L << 20, maxListingBytes, minBytesPerSec, stallSec);
        }
    }

    /**
     * {@code tether engine install} / {@code POST /engines/install}: llama.cpp's releases through GitHub's API.
     *
     * @param endpoint         the API ({@code engines.endpoint}, else env TETHER_ENGINE_ENDPOINT, else api.github.com)
     * @param tokenEnv         the environment variable holding a GitHub token (for a higher rate limit)
     * @param maxArchiveBytes  largest release archive downloaded
     * @param maxUnpackedBytes most bytes one engine may unpack to
     * @param maxEntries       most entries one archive may hold
     * @param checkTimeoutSec  how long {@code llama-server --version} and {@code --list-devices} may take
     */
    public record EngineSettings(
            String endpoint,
            String tokenEnv,
            int timeoutSec,
            long maxArchiveBytes,
            long maxUnpackedBytes,
            int maxEntries,
            int checkTimeoutSec) {}

    /**
     * @param toolTimeoutSec     how long one tool call may run
     * @param maxToolLoops       model calls per turn
     * @param maxConcurrentTurns turns generating at once (beyond that, {@code maxQueuedTurns} wait)
     * @param maxQueuedTurns     turns waiting for a slot; more get 503
     * @param maxPromptChars     longest prompt accepted
     * @param maxTitleChars      longest session title accepted
     * @param maxSystemPromptChars longest per-session system prompt accepted
     */
    public record Limits(
            int toolTimeoutSec,
            int maxToolLoops,
            int maxConcurrentTurns,
            int maxQueuedTurns,
            int maxPromptChars,
            int maxTitleChars,
            int maxSystemPromptChars) {}

    /** Reads defaults, then {@code file} (if any), then {@code overrides} (flat keys like {@code port}). */
    public static TetherConfig load(
            Optional<Path> file, Map<String, String> overrides, Function<String, String> environment) {
        return new Reader(ConfigLayers.load(file, overrides), environment).read();
    }

    public static TetherConfig load(Optional<Path> file, Map<String, String> overrides) {
        return load(file, overrides, System::getenv);
    }

    /** Looks each key up in the layers in turn. */
    private record Reader(ConfigLayers layers, Function<String, String> env) {

        TetherConfig read() {
            ServerSettings server = new ServerSettings(
                    string("host"),
                    integer("port"),
                    Optional.ofNullable(env.apply("TETHER_API_KEY"))
                            .filter(k -> !k.isBlank())
                            .orElseGet(() -> string("server.api_key")),
                    stringList("server.cors.allowed_origins"),
                    longValue("server.max_body_bytes"),
                    stringList("server.allowed_hosts"),
                    positive("server.header_timeout_ms"),
                    positive("server.idle_timeout_sec"),
                    positive("server.body_timeout_ms"),
                    positive("server.max_connections"),
                    nonNegative("server.shutdown_grace_ms"));
            Limits limits = new Limits(
                    positive("limits.tool_timeout_sec"),
                    positive("limits.max_tool_loops"),
                    positive("limits.max_concurrent_turns"),
                    nonNegative("limits.max_queued_turns"),
                    positive("limits.max_prompt_chars"),
                    positive("limits.max_title_chars"),
                    positive("limits.max_system_prompt_chars"));
            return new TetherConfig(
                    server,
                    string("system.prompt"),
                    providers(),
                    positive("providers.parser.max_tool_chars"),
                    string("providers.session_store.url"),
                    Path.of(string("data_dir")),
                    ToolsConfig.read(layers),
                    limits,
                    bool("mcp.http.enabled"),
                    positive("mcp.http.session_idle_timeout_sec"),
                    positive("mcp.http.max_sessions"),
                    new ToolApprovalSettings(
                            ApprovalMode.parse("tools.approval", string("tools.approval")),
                            positive("tools.approval_timeout_sec")),
                    pull(),
                    engines(),
                    new ContextSettings(
                            ContextStrategy.fromWire(string("context.strategy"))
                                    .orElseThrow(() -> new ConfigException(
                                            "context.strategy",
                                            "must be trim or summarize, was " + string("context.strategy"))),
                            positive("context.summary_max_tokens")));
        }

        /** An http(s) URL: the key's value, else the environment variable's, else {@code fallback}. */
        private String endpoint(String key, String envVar, String fallback) {
            String endpoint = Optional.of(string(key))
                    .filter(s -> !s.isBlank())
                    .or(() -> Optional.ofNullable(env.apply(envVar)).filter(s -> !s.isBlank()))
                    .orElse(fallback)
                    .strip();
            if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                throw new ConfigException(key, "must be an http(s) URL, was " + endpoint);
            }
            return endpoint;
        }

        private PullSettings pull() {
            String endpoint = endpoint("pull.hub_endpoint", "HF_ENDPOINT", "https://huggingface.co");
            long probeBytes = longValue("pull.probe_bytes");
            if (probeBytes < 1024) {
                throw new ConfigException("pull.probe_bytes", "must be at least 1024, not " + probeBytes);
            }
            return new PullSettings(
                    endpoint,
                    string("pull.token_env"),
                    positive("pull.timeout_sec"),
                    string("pull.dist_root"),
                    probeBytes,
                    positiveLong("pull.max_listing_bytes"),
                    positiveLong("pull.min_bytes_per_sec"),
                    positive("pull.stall_sec"));
        }

        private EngineSettings engines() {
            String endpoint = endpoint("engines.endpoint", "TETHER_ENGINE_ENDPOINT", "https://api.github.com");
            return new EngineSettings(
                    endpoint,
                    string("engines.token_env"),
                    positive("engines.timeout_sec"),
                    positiveLong("engines.max_archive_bytes"),
                    positiveLong("engines.max_unpacked_bytes"),
                    positive("engines.max_entries"),
                    positive("engines.check_timeout_sec"));
        }

        private long positiveLong(String key) {
            long v = longValue(key);
            if (v <= 0) {
                throw new ConfigException(key, "must be a positive number, was " + v);
            }
            return v;
        }

        private List<ProviderSettings> providers() {
            Config model = layer("providers.model");
            String modelPath = layers.overrides().get("model").asString().orElse(null);
            String impl = required(model, "providers.model", "impl");
            Config args = model.get("args");
            if (!impl.equals(layers.defaultOf("providers.model.impl").asString().orElse(impl))) {
                // another engine than the default one: the default engine's args are not for it
                args = layers.withoutDefaults("providers.model.args");
            }
            if (modelPath != null) {
                impl = "llamacpp";
                args = Config.just(ConfigSources.create(Map.of("model", modelPath)));
            }
            if (impl.equals("llamacpp")) {
                args = withDataDir(args, string("data_dir"));
            }
            var all = new java.util.ArrayList<ProviderSettings>();
            all.add(new ProviderSettings("providers.model", impl, args));
            List<Config> extra = layer("providers.extra").asNodeList().orElse(List.of());
            for (int i = 0; i < extra.size(); i++) {
                String key = "providers.extra[" + i + "]";
                all.add(new ProviderSettings(
                        key, required(extra.get(i), key, "impl"), extra.get(i).get("args")));
            }
            return List.copyOf(all);
        }

        /**
         * The llama.cpp provider finds {@code <data_dir>/engines} and its logs through {@code args.root()}: root its
         * args in a config that holds the effective {@code data_dir}, wherever that was set.
         */
        private static Config withDataDir(Config args, String dataDir) {
            return args.exists()
                    ? Config.just(ConfigSources.create(Map.of("data_dir", dataDir)), ConfigSources.create(args))
                    : Config.just(ConfigSources.create(Map.of("data_dir", dataDir)));
        }

        private static String required(Config node, String key, String child) {
            return ConfigLayers.required(node, key, child);
        }

        private Config layer(String key) {
            return layers.layer(key);
        }

        private String string(String key) {
            return layers.string(key);
        }

        private List<String> stringList(String key) {
            return layers.stringList(key);
        }

        private int integer(String key) {
            return layers.integer(key);
        }

        private long longValue(String key) {
            return layers.longValue(key);
        }

        private boolean bool(String key) {
            return layers.bool(key);
        }

        private int positive(String key) {
            return layers.positive(key);
        }

        private int nonNegative(String key) {
            return layers.nonNegative(key);
        }
    }
}
