package dev.tether.engine.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.ConfigValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The whole configuration, read once at start-up: the built-in {@code default.yml}, overridden by the user's file
 * and then by command-line overrides. A list or a provider block the user gives replaces the default one whole
 * (Helidon would otherwise merge lists element by element).
 */
public record TetherConfig(ServerSettings server,
                           String systemPrompt,
                           List<ProviderSettings> providers,
                           int maxToolChars,
                           String storeUrl,
                           Path dataDir,
                           ToolsSettings tools,
                           Limits limits,
                           boolean mcpHttpEnabled,
                           int mcpSessionIdleSec,
                           PullSettings pull) {

    public static final String DEFAULTS_RESOURCE = "default.yml";

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TetherConfig.class.getName());

    public record ServerSettings(String host, int port, String apiKey, List<String> corsAllowedOrigins,
                                 long maxBodyBytes) {
        public boolean hasApiKey() {
            return apiKey != null && !apiKey.isBlank();
        }
    }

    /** One model provider: {@code impl} is a short name or a class name; {@code args} is its own node. */
    public record ProviderSettings(String key, String impl, Config args) {}

    /**
     * Where {@code tether pull} and {@code POST /models/pull} fetch models.
     *
     * @param hubEndpoint the Hugging Face Hub or a mirror: {@code pull.hub_endpoint}, else env {@code HF_ENDPOINT}
     * @param tokenEnv    the environment variable holding the hub token ({@code HF_TOKEN})
     * @param timeoutSec  connecting and waiting for the hub's answer headers
     * @param distRoot    where pulled models go; empty: the llama.cpp provider's {@code dist_root}
     */
    public record PullSettings(String hubEndpoint, String tokenEnv, int timeoutSec, String distRoot) {}

    public record ToolEntry(String name, String impl, Config args) {}

    public record ToolsSettings(List<ToolEntry> registry, List<String> enabled) {}

    /**
     * @param toolTimeoutSec     how long one tool call may run
     * @param maxToolLoops       model calls per turn
     * @param maxConcurrentTurns turns generating at once (beyond that, {@code maxQueuedTurns} wait)
     * @param maxQueuedTurns     turns waiting for a slot; more get 503
     * @param maxPromptChars     longest prompt accepted
     */
    public record Limits(int toolTimeoutSec, int maxToolLoops, int maxConcurrentTurns, int maxQueuedTurns,
                         int maxPromptChars) {}

    /** Reads defaults, then {@code file} (if any), then {@code overrides} (flat keys like {@code port}). */
    public static TetherConfig load(Optional<Path> file, Map<String, String> overrides,
                                    Function<String, String> environment) {
        Config defaults = Config.just(ConfigSources.classpath(DEFAULTS_RESOURCE));
        Config user = file.map(TetherConfig::readFile).orElseGet(Config::empty);
        file.ifPresent(path -> ConfigKeys.of(defaults).unknown(user)
                .forEach(problem -> LOG.warning(path + ": " + problem)));
        Config flat = overrides.isEmpty() ? Config.empty() : Config.just(ConfigSources.create(overrides));
        return new Reader(flat, user, defaults, environment).read();
    }

    public static TetherConfig load(Optional<Path> file, Map<String, String> overrides) {
        return load(file, overrides, System::getenv);
    }

    private static Config readFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("--config", "file not found: " + path);
        }
        YamlSyntax.check(path);
        try {
            Config config = Config.just(ConfigSources.file(path).build());
            config.traverse().forEach(node -> { }); // parse now, so malformed YAML fails here with its file name
            return config;
        } catch (io.helidon.config.ConfigException e) {
            throw new ConfigException(path.toString(), "malformed configuration: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return Optional.ofNullable(t.getMessage()).orElse(t.toString()).lines().findFirst().orElse("");
    }

    /** Looks each key up in the override layers in turn. */
    private record Reader(Config flat, Config user, Config defaults, Function<String, String> env) {

        TetherConfig read() {
            ServerSettings server = new ServerSettings(
                    string("host"),
                    integer("port"),
                    Optional.ofNullable(env.apply("TETHER_API_KEY")).filter(k -> !k.isBlank())
                            .orElseGet(() -> string("server.api_key")),
                    stringList("server.cors.allowed_origins"),
                    longValue("server.max_body_bytes"));
            Limits limits = new Limits(positive("limits.tool_timeout_sec"), positive("limits.max_tool_loops"),
                    positive("limits.max_concurrent_turns"), nonNegative("limits.max_queued_turns"),
                    positive("limits.max_prompt_chars"));
            return new TetherConfig(server, string("system.prompt"), providers(),
                    positive("providers.parser.max_tool_chars"), string("providers.session_store.url"),
                    Path.of(string("data_dir")), tools(), limits, bool("mcp.http.enabled"),
                    positive("mcp.http.session_idle_timeout_sec"), pull());
        }

        private PullSettings pull() {
            String endpoint = Optional.of(string("pull.hub_endpoint")).filter(s -> !s.isBlank())
                    .or(() -> Optional.ofNullable(env.apply("HF_ENDPOINT")).filter(s -> !s.isBlank()))
                    .orElse("https://huggingface.co").strip();
            if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                throw new ConfigException("pull.hub_endpoint", "must be an http(s) URL, was " + endpoint);
            }
            return new PullSettings(endpoint, string("pull.token_env"), positive("pull.timeout_sec"),
                    string("pull.dist_root"));
        }

        private List<ProviderSettings> providers() {
            Config model = layer("providers.model");
            String modelPath = flat.get("model").asString().orElse(null);
            String impl = required(model, "providers.model", "impl");
            Config args = model.get("args");
            if (modelPath != null) {
                impl = "llamacpp";
                args = Config.just(ConfigSources.create(Map.of("model", modelPath)));
            }
            var all = new java.util.ArrayList<ProviderSettings>();
            all.add(new ProviderSettings("providers.model", impl, args));
            List<Config> extra = layer("providers.extra").asNodeList().orElse(List.of());
            for (int i = 0; i < extra.size(); i++) {
                String key = "providers.extra[" + i + "]";
                all.add(new ProviderSettings(key, required(extra.get(i), key, "impl"), extra.get(i).get("args")));
            }
            return List.copyOf(all);
        }

        private ToolsSettings tools() {
            List<Config> nodes = layer("tools.registry").asNodeList().orElse(List.of());
            var entries = new java.util.ArrayList<ToolEntry>();
            for (int i = 0; i < nodes.size(); i++) {
                String key = "tools.registry[" + i + "]";
                entries.add(new ToolEntry(required(nodes.get(i), key, "name"), required(nodes.get(i), key, "impl"),
                        nodes.get(i).get("args")));
            }
            List<String> enabled = stringList("tools.enabled");
            for (String name : enabled) {
                if (entries.stream().noneMatch(e -> e.name().equals(name))) {
                    throw new ConfigException("tools.enabled", "tool '" + name + "' is not in tools.registry");
                }
            }
            return new ToolsSettings(List.copyOf(entries), enabled);
        }

        private static String required(Config node, String key, String child) {
            return node.get(child).asString().filter(s -> !s.isBlank())
                    .orElseThrow(() -> new ConfigException(key + "." + child, "missing"));
        }

        /** The first layer that has {@code key}, whole. */
        private Config layer(String key) {
            for (Config c : List.of(flat, user, defaults)) {
                if (c.get(key).exists()) {
                    return c.get(key);
                }
            }
            return defaults.get(key);
        }

        private String string(String key) {
            return value(key, Config::asString).orElse("");
        }

        private List<String> stringList(String key) {
            Config node = layer(key);
            if (!node.exists()) {
                return List.of();
            }
            return node.asList(String.class).orElseThrow(() -> new ConfigException(key, "must be a list of strings"));
        }

        private int integer(String key) {
            return value(key, c -> c.asInt()).orElseThrow(() -> new ConfigException(key, "missing"));
        }

        private long longValue(String key) {
            return value(key, c -> c.asLong()).orElseThrow(() -> new ConfigException(key, "missing"));
        }

        private boolean bool(String key) {
            return value(key, c -> c.asBoolean()).orElse(false);
        }

        private int positive(String key) {
            int v = integer(key);
            if (v <= 0) {
                throw new ConfigException(key, "must be a positive number, was " + v);
            }
            return v;
        }

        private int nonNegative(String key) {
            int v = integer(key);
            if (v < 0) {
                throw new ConfigException(key, "must not be negative, was " + v);
            }
            return v;
        }

        private <T> Optional<T> value(String key, Function<Config, ConfigValue<T>> type) {
            Config node = layer(key);
            if (!node.exists()) {
                return Optional.empty();
            }
            try {
                return type.apply(node).asOptional();
            } catch (io.helidon.config.ConfigException e) {
                throw new ConfigException(key, "has the wrong type: " + rootMessage(e), e);
            }
        }
    }
}
