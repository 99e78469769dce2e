package dev.tether.engine.llamacpp;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * How many models may be loaded at once ({@code max_loaded_models}): before a model is used, and so perhaps
 * loaded, the least recently used model that is loaded and idle is unloaded to make room. When every other place
 * is held by a model in use, the call is refused ({@code overloaded}) instead of starting one more engine.
 */
final class LoadedModelCap {

    private static final Logger LOG = Logger.getLogger(LoadedModelCap.class.getName());
    private static final long MEMORY_PER_MODEL = 8L << 30;
    private static final int MOST_BY_DEFAULT = 3;

    /** A model's use; closing it ends the use (the model stays loaded until evicted or idle). */
    interface Use extends AutoCloseable {
        @Override
        void close();
    }

    private final int max;
    private final Map<String, Long> lastUsed = new HashMap<>();
    private final Map<String, Integer> inUse = new HashMap<>();
    private long clock;

    LoadedModelCap(int max) {
        this.max = max;
    }

    /** {@code max_loaded_models}; 0 or absent: one per 8 GiB of memory, at least 1 and at most 3 (as Ollama's 3). */
    static LoadedModelCap from(io.helidon.config.Config args) {
        int configured = args.get("max_loaded_models").asInt().orElse(0);
        if (configured < 0) {
            throw new ConfigException(
                    LlamaSettings.KEY + ".max_loaded_models",
                    "must be 0 (from memory) or a positive number, was " + configured);
        }
        return new LoadedModelCap(configured > 0 ? configured : fromMemory());
    }

    static int fromMemory() {
        long total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return (int) Math.max(1, Math.min(MOST_BY_DEFAULT, total / MEMORY_PER_MODEL));
    }

    int max() {
        return max;
    }

    /** Starts a use of {@code name}, first unloading least recently used idle models while no place is free. */
    synchronized Use use(String name, Map<String, LoadedModel> models) {
        lastUsed.put(name, ++clock);
        while (holding(name, models) >= max) {
            Optional<String> victim = models.entrySet().stream()
                    .filter(e -> !e.getKey().equals(name) && e.getValue().loaded() && idle(e.getKey()))
                    .map(Map.Entry::getKey)
                    .min(Comparator.comparingLong(n -> lastUsed.getOrDefault(n, 0L)));
            if (victim.isEmpty()) {
                throw new EngineException(
                        ErrorCode.OVERLOADED,
                        "max_loaded_models (" + max + ") models are loaded " + "and in use; " + name
                                + " can load once one of them is done");
            }
            LOG.info(() ->
                    "unloading " + victim.get() + " to make room for " + name + " (max_loaded_models " + max + ")");
            models.get(victim.get()).unload();
        }
        inUse.merge(name, 1, Integer::sum);
        return () -> release(name);
    }

    /** Places held by other models: loaded, or in use (loading or about to). */
    private long holding(String name, Map<String, LoadedModel> models) {
        return models.entrySet().stream()
                .filter(e -> !e.getKey().equals(name) && (e.getValue().loaded() || !idle(e.getKey())))
                .count();
    }

    private boolean idle(String name) {
        return inUse.getOrDefault(name, 0) == 0;
    }

    private synchronized void release(String name) {
        inUse.computeIfPresent(name, (n, count) -> count > 1 ? count - 1 : null);
    }
}
