package dev.tether.engine.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.config.ConfigException;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.config.TetherConfig.ToolEntry;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
    private final Duration timeout;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tool-", 0).factory());

    private ToolRegistry(Map<String, BoundTool> tools, Map<String, String> unavailable, Duration timeout) {
        this.tools = tools;
        this.unavailable = unavailable;
        this.timeout = timeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds the enabled tools of {@code tools.registry}, in {@code tools.enabled} order. A class that cannot be
     * found or is not a tool stops start-up with a {@link ConfigException} naming its key.
     */
    public static ToolRegistry fromConfig(TetherConfig config, Function<String, String> environment) {
        Builder builder = builder().timeout(Duration.ofSeconds(config.limits().toolTimeoutSec()));
        List<ToolEntry> registry = config.tools().registry();
        List<AutoCloseable> built = new ArrayList<>();
        try {
            for (String name : config.tools().enabled()) {
                int index = indexOf(registry, name);
                ToolEntry entry = registry.get(index);
                String key = "tools.registry[" + index + "]";
                try {
                    Object tool = instantiate(entry, key, new ToolContext(entry.name(), entry.args(),
                            config.dataDir(), environment));
                    if (tool instanceof AutoCloseable c) {
                        built.add(c);
                    }
                    builder.add(entry.name(), tool, key);
                } catch (ToolUnavailableException e) {
                    LOG.warning("Tool " + name + " is unavailable: " + e.getMessage());
                    builder.unavailable.put(name, e.getMessage());
                }
            }
            return builder.build();
        } catch (RuntimeException e) {
            built.forEach(ToolRegistry::closeQuietly);
            throw e;
        }
    }

    private static int indexOf(List<ToolEntry> registry, String name) {
        for (int i = 0; i < registry.size(); i++) {
            if (registry.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new ConfigException("tools.enabled", "tool '" + name + "' is not in tools.registry");
    }

    private static Object instantiate(ToolEntry entry, String key, ToolContext context) {
        Class<?> type;
        try {
            type = Class.forName(entry.impl());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key + ".impl", "unknown tool class '" + entry.impl() + "'");
        }
        try {
            Optional<Constructor<?>> withContext = constructor(type, ToolContext.class);
            if (withContext.isPresent()) {
                return withContext.get().newInstance(context);
            }
            Optional<Constructor<?>> plain = constructor(type);
            if (plain.isPresent()) {
                return plain.get().newInstance();
            }
            throw new ConfigException(key + ".impl", entry.impl()
                    + " needs a public constructor taking ToolContext, or none");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ToolUnavailableException || cause instanceof ConfigException) {
                throw (RuntimeException) cause;
            }
            throw new ConfigException(key + ".args", "tool " + entry.name() + " failed to start: "
                    + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key + ".impl", "cannot create " + entry.impl() + ": " + e.getMessage());
        }
    }

    private static Optional<Constructor<?>> constructor(Class<?> type, Class<?>... params) {
        try {
            return Optional.of(type.getConstructor(params));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    /** Specs of the enabled, available tools, in the configured order. */
    public List<ToolSpec> specs() {
        return tools.values().stream().map(BoundTool::spec).toList();
    }

    public Optional<ToolSpec> spec(String name) {
        return Optional.ofNullable(tools.get(name)).map(BoundTool::spec);
    }

    /** Enabled tools that could not start here, with the reason (a missing API key, say). */
    public Map<String, String> unavailable() {
        return unavailable;
    }

    /**
     * Calls tool {@code name}. Unknown tool, arguments that fail the schema, an exception from the tool, a
     * timeout (the tool's thread is interrupted) and a cancel all return {@link ToolOutcome#failure}.
     */
    public ToolOutcome invoke(String name, JsonNode arguments, Cancellation cancel) {
        BoundTool tool = tools.get(name);
        if (tool == null) {
            return ToolOutcome.failure(unavailable.containsKey(name)
                    ? "tool " + name + " is unavailable: " + unavailable.get(name)
                    : "unknown tool: " + name);
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

    public ToolOutcome invoke(String name, JsonNode arguments) {
        return invoke(name, arguments, new Cancellation());
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
    }

    private static void closeQuietly(AutoCloseable c) {
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
        private Duration timeout = Duration.ofSeconds(15);

        private Builder() {
        }

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

        private Builder add(String name, Object tool, String key) {
            BoundTool bound;
            try {
                bound = BoundTool.of(name, tool);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ".impl", e.getMessage());
            }
            if (tools.putIfAbsent(bound.spec().name(), bound) != null) {
                throw new ConfigException(key, "two tools are named " + bound.spec().name());
            }
            return this;
        }

        public ToolRegistry build() {
            return new ToolRegistry(Collections.unmodifiableMap(new LinkedHashMap<>(tools)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(unavailable)), timeout);
        }
    }
}
