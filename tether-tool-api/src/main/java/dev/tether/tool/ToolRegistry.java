package dev.tether.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.configfile.ConfigException;
import dev.tether.configfile.ConfigKeys;
import dev.tether.tool.external.ExternalTool;
import dev.tether.tool.external.ExternalToolSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The enabled tools, by name: their specs (schema generated from each tool's {@code run} method) and a safe way
 * to call them — arguments validated against the schema, the call run on a virtual thread with a timeout, every
 * failure turned into an error outcome. Shared by chat and MCP so a tool behaves the same in both.
 */
public final class ToolRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ToolRegistry.class.getName());

    private final Map<String, BoundTool> tools;
    private final Map<String, String> unavailable;
    private final Map<String, String> unavailableSettings;
    private final Map<String, DisabledTool> disabled;
    private final List<AutoCloseable> resources;
    private final List<ExternalToolSource> sources;
    private final java.util.Set<String> clashesLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Duration timeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tool-", 0).factory());

    private ToolRegistry(Builder b) {
        this.tools = Collections.unmodifiableMap(new LinkedHashMap<>(b.tools));
        this.unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(b.unavailable));
        this.unavailableSettings = Map.copyOf(b.unavailableSettings);
        this.disabled = Collections.unmodifiableMap(new LinkedHashMap<>(b.disabled));
        this.resources = List.copyOf(b.resources);
        this.sources = List.copyOf(b.sources);
        this.timeout = b.timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the enabled tools, in {@code tools.enabled} order. A class that cannot be found or is not a tool, or an
     * enabled name no entry or built-in toolset offers, stops start-up with a {@link ConfigException} naming its
     * key; a tool that cannot work here (a missing API key, say) is listed in {@link #unavailable()}.
     */
    public static ToolRegistry fromConfig(ToolsConfig config, Function<String, String> environment) {
        return fromConfig(config, environment, LocalEmbeddings.NONE);
    }

    /** {@link #fromConfig(ToolsConfig, Function)} with the embedding models Tether runs, for tools that use them. */
    public static ToolRegistry fromConfig(
            ToolsConfig config, Function<String, String> environment, LocalEmbeddings embeddings) {
        return new ToolLoader(config, environment, embeddings).load();
    }

    /**
     * Specs of the enabled, available tools, in the configured order, then the external sources' tools as they are
     * now (a source that starts at first use starts here).
     */
    public List<ToolSpec> specs() {
        List<ToolSpec> specs =
                new ArrayList<>(tools.values().stream().map(BoundTool::spec).toList());
        externalTools().values().forEach(t -> specs.add(t.spec()));
        return List.copyOf(specs);
    }

    /** Specs of the enabled, available built-in and registry tools alone: no external source is started. */
    public List<ToolSpec> ownSpecs() {
        return tools.values().stream().map(BoundTool::spec).toList();
    }

    public Optional<ToolSpec> spec(String name) {
        return Optional.ofNullable(tools.get(name))
                .map(BoundTool::spec)
                .or(() -> external(name).map(ExternalTool::spec));
    }

    /** The external sources (MCP servers), in the configured order. */
    public List<ExternalToolSource> sources() {
        return sources;
    }

    /** The external tool offered as {@code name}; empty for a built-in or unknown name. */
    public Optional<ExternalTool> external(String name) {
        if (tools.containsKey(name)) {
            return Optional.empty();
        }
        for (ExternalToolSource source : sources) {
            if (name.startsWith(source.toolPrefix())) {
                Optional<ExternalTool> tool = source.tools().stream()
                        .filter(t -> t.spec().name().equals(name))
                        .findFirst();
                if (tool.isPresent()) {
                    return tool;
                }
            }
        }
        return Optional.empty();
    }

    /** The external tools offered now, by name; one named like a built-in tool is left out (and logged). */
    private Map<String, ExternalTool> externalTools() {
        Map<String, ExternalTool> offered = new LinkedHashMap<>();
        for (ExternalToolSource source : sources) {
            for (ExternalTool tool : source.tools()) {
                String name = tool.spec().name();
                if (tools.containsKey(name) || offered.containsKey(name)) {
                    if (clashesLogged.add(tool.source() + " " + name)) {
                        LOG.warning(
                                () -> tool.source() + "'s tool " + name + " is not offered: another tool has its name");
                    }
                } else {
                    offered.put(name, tool);
                }
            }
        }
        return offered;
    }

    /** Whether reading {@code name}'s results puts the user's private data into the caller's hands. */
    public boolean readsPrivateData(String name) {
        return spec(name).map(s -> s.hints().privateData()).orElse(false);
    }

    /**
     * Whether calling {@code name} with {@code arguments} sends data off this machine: any call of an
     * {@code openWorld} tool, narrowed by the tool itself when it is a {@link NetworkReach}. False for a tool that is
     * not offered (it does not run).
     */
    public boolean sendsOffMachine(String name, JsonNode arguments) {
        BoundTool tool = tools.get(name);
        if (tool == null) {
            return external(name).map(t -> t.spec().hints().openWorld()).orElse(false);
        }
        return tool.sendsOffMachine(arguments == null ? BoundTool.JSON.nullNode() : arguments);
    }

    /**
     * A short human label of a call of {@code name} with {@code arguments}, such as "Checked the time in Tokyo":
     * the tool's own ({@link ToolLabels}) or a generic one. {@code outcome} is null while the call is asked about or
     * running; a failed outcome is labelled as the call not done.
     */
    public String label(String name, JsonNode arguments, ToolOutcome outcome) {
        boolean done = outcome != null && !outcome.isError();
        BoundTool tool = tools.get(name);
        JsonNode args = arguments != null && arguments.isObject() ? arguments : BoundTool.JSON.createObjectNode();
        String own = tool == null ? null : tool.label(args, done ? outcome.result() : null);
        return own == null || own.isBlank() ? ToolLabels.generic(name, done) : own.strip();
    }

    /** Enabled tools that could not start here, with the reason (a missing API key, say). */
    public Map<String, String> unavailable() {
        return unavailable;
    }

    /** Tools Tether has (built-in, or in {@code tools.registry}) that {@code tools.enabled} does not list. */
    public List<DisabledTool> disabled() {
        return List.copyOf(disabled.values());
    }

    /**
     * Why {@code name} cannot be called, in one sentence the model (or an MCP client's user) can act on: enabled
     * but unavailable here, and what is missing; disabled, and how to enable it; or unknown, with the nearest
     * name and the tools that are offered.
     */
    public String whyNotOffered(String name) {
        if (unavailable.containsKey(name)) {
            return "tool " + name + " is unavailable: " + unavailable.get(name) + " (its settings go in the"
                    + " tools.registry entry named '" + settingsOf(name) + "')";
        }
        if (disabled.containsKey(name)) {
            return "tool " + name + " is disabled: " + disabled.get(name).howToEnable();
        }
        for (ExternalToolSource source : sources) {
            if (name.startsWith(source.toolPrefix()) && source.state().isFailed()) {
                return "tool " + name + " is unavailable: " + source.name() + " cannot run: "
                        + source.state().reason();
            }
        }
        StringBuilder why = new StringBuilder("unknown tool: ").append(name);
        nearest(name).ifPresent(near -> {
            why.append("; did you mean ").append(near).append('?');
            if (!tools.containsKey(near)) {
                why.append(" (").append(whyNotOffered(near)).append(')');
            }
        });
        return why.append(
                        tools.isEmpty()
                                ? "; no tools are offered"
                                : "; the tools offered are " + String.join(", ", tools.keySet()))
                .toString();
    }

    /**
     * What would make {@code name} callable: for a disabled tool, {@link DisabledTool#howToEnable}; for an
     * unavailable one, where its missing settings go. Empty for a tool that is offered, or unknown.
     */
    public Optional<String> howToEnable(String name) {
        if (unavailable.containsKey(name)) {
            return Optional.of(
                    "set what is missing in the tools.registry entry named '" + settingsOf(name) + "' (README: Tools)");
        }
        return Optional.ofNullable(disabled.get(name)).map(DisabledTool::howToEnable);
    }

    private String settingsOf(String unavailableTool) {
        return unavailableSettings.getOrDefault(unavailableTool, unavailableTool);
    }

    /** The known tool name closest to a misspelt one, if one is close enough to be meant. */
    private Optional<String> nearest(String name) {
        List<String> known = new ArrayList<>(tools.keySet());
        sources.stream()
                .filter(s -> "running".equals(s.state().state()))
                .forEach(s -> s.tools().forEach(t -> known.add(t.spec().name())));
        known.addAll(unavailable.keySet());
        known.addAll(disabled.keySet());
        int tolerance = Math.max(2, name.length() / 3);
        return known.stream()
                .filter(k -> ConfigKeys.distance(name, k) <= tolerance)
                .min(Comparator.comparingInt((String k) -> ConfigKeys.distance(name, k))
                        .thenComparing(k -> k));
    }

    /**
     * Calls tool {@code name}. A tool that is not offered ({@link #whyNotOffered}), arguments that fail the schema,
     * an exception from the tool, a timeout (the tool's thread is interrupted) and a cancel all return
     * {@link ToolOutcome#failure}.
     */
    public ToolOutcome invoke(String name, JsonNode arguments, CancelSignal cancel) {
        return invoke(name, arguments, cancel, ToolProgress.NONE);
    }

    /**
     * As {@link #invoke(String, JsonNode, CancelSignal)}; a tool that reports how far it has got (an MCP server's
     * tool) tells {@code progress}, never after this returns.
     */
    public ToolOutcome invoke(String name, JsonNode arguments, CancelSignal cancel, ToolProgress progress) {
        BoundTool tool = tools.get(name);
        if (tool == null) {
            return external(name)
                    .map(t -> invokeExternal(t, arguments, cancel, progress))
                    .orElseGet(() -> ToolOutcome.failure(whyNotOffered(name)));
        }
        JsonNode args = arguments == null || arguments.isNull() ? BoundTool.JSON.createObjectNode() : arguments;
        List<String> problems = tool.validate(args);
        if (!problems.isEmpty()) {
            return ToolOutcome.failure("invalid arguments for " + name + ": " + String.join("; ", problems));
        }
        if (cancel.isCancelled()) {
            return ToolOutcome.failure("cancelled");
        }
        Future<ToolOutcome> call = executor.submit(() -> tool.call(args));
        Runnable stop = () -> call.cancel(true);
        cancel.onCancel(stop);
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return ToolOutcome.failure(name + " timed out after " + timeout.toSeconds() + " s");
        } catch (CancellationException e) {
            return ToolOutcome.failure("cancelled");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return ToolOutcome.failure("cancelled");
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "tool " + name + " failed", e.getCause());
            return ToolOutcome.failure(name + " failed: " + e.getCause());
        } finally {
            cancel.removeListener(stop);
        }
    }

    /** The server checks the arguments against its own schema, which may use any JSON Schema dialect. */
    private ToolOutcome invokeExternal(
            ExternalTool tool, JsonNode arguments, CancelSignal cancel, ToolProgress progress) {
        if (cancel.isCancelled()) {
            return ToolOutcome.failure("cancelled");
        }
        JsonNode args = arguments == null || arguments.isNull() ? BoundTool.JSON.createObjectNode() : arguments;
        if (!args.isObject()) {
            return ToolOutcome.failure("invalid arguments for " + tool.spec().name() + ": must be a JSON object");
        }
        try {
            return tool.call(args, cancel, timeout, progress);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "tool " + tool.spec().name() + " failed", e);
            return ToolOutcome.failure(tool.spec().name() + " failed: " + e.getMessage());
        }
    }

    public ToolOutcome invoke(String name, JsonNode arguments) {
        return invoke(name, arguments, CancelSignal.NEVER);
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow();
        tools.values().forEach(t -> {
            if (t.instance() instanceof AutoCloseable c) {
                closeQuietly(c);
            }
        });
        resources.forEach(ToolRegistry::closeQuietly);
        sources.forEach(ToolRegistry::closeQuietly);
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing a tool failed", e);
        }
    }

    /** Collects tools for a registry; names must be unique. */
    public static final class Builder {
        private final Map<String, BoundTool> tools = new LinkedHashMap<>();
        private final Map<String, String> unavailable = new LinkedHashMap<>();
        private final Map<String, String> unavailableSettings = new LinkedHashMap<>();
        private final Map<String, DisabledTool> disabled = new LinkedHashMap<>();
        private final List<AutoCloseable> resources = new ArrayList<>();
        private final List<ExternalToolSource> sources = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(15);

        private Builder() {}

        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** Adds {@code tool} under {@code name} (or its {@link ToolInfo#name()} when {@code name} is null). */
        public Builder add(String name, Object tool) {
            return add(name, tool, "tool " + name);
        }

        /** Lists {@code name} as unavailable here, with the reason and the registry entry its settings go in. */
        Builder unavailable(String name, String reason, String settings) {
            unavailable.put(name, reason);
            unavailableSettings.put(name, settings);
            return this;
        }

        /** Lists a tool that could be offered but is not enabled; the first one listed under a name counts. */
        Builder disabled(DisabledTool tool) {
            if (!tools.containsKey(tool.name()) && !unavailable.containsKey(tool.name())) {
                disabled.putIfAbsent(tool.name(), tool);
            }
            return this;
        }

        /** A source of external tools (an MCP server), offered after the built-in tools and closed with them. */
        public Builder source(ExternalToolSource source) {
            sources.add(source);
            return this;
        }

        /** Something the tools share, closed after them. */
        Builder resource(AutoCloseable resource) {
            resources.add(resource);
            return this;
        }

        Builder add(String name, Object tool, String key) {
            BoundTool bound;
            try {
                bound = BoundTool.of(name, tool);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ".impl", e.getMessage());
            }
            if (tools.putIfAbsent(bound.spec().name(), bound) != null) {
                throw new ConfigException(
                        key, "two tools are named " + bound.spec().name());
            }
            return this;
        }

        public ToolRegistry build() {
            return new ToolRegistry(this);
        }
    }
}
