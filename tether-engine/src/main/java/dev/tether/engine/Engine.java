package dev.tether.engine;

import dev.tether.engine.approval.ToolApproval;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.SessionCacheFiles;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.tool.ToolRegistry;
import java.util.function.Function;

/**
 * Everything the edges need, built from one configuration: the session store, the model providers, the tool
 * registry and the orchestrator. Closing it closes them all.
 */
public final class Engine implements AutoCloseable {

    private final TetherConfig config;
    private final SessionStore store;
    private final ModelRouter models;
    private final ToolRegistry tools;
    private final Orchestrator orchestrator;

    private Engine(TetherConfig config, SessionStore store, ModelRouter models, ToolRegistry tools) {
        this.config = config;
        this.store = store;
        this.models = models;
        this.tools = tools;
        TetherConfig.Limits limits = config.limits();
        this.orchestrator = new Orchestrator(
                store,
                models,
                tools,
                new Orchestrator.Settings(
                        config.systemPrompt(),
                        limits.maxToolLoops(),
                        config.maxToolChars(),
                        limits.maxPromptChars(),
                        limits.maxConcurrentTurns(),
                        limits.maxQueuedTurns(),
                        config.context()),
                new ToolApproval(
                        config.toolApproval().mode(),
                        java.time.Duration.ofSeconds(config.toolApproval().timeoutSec())));
    }

    /** Builds and opens every component; a {@link dev.tether.configfile.ConfigException} on bad config. */
    public static Engine start(TetherConfig config) {
        return start(config, System::getenv);
    }

    public static Engine start(TetherConfig config, Function<String, String> environment) {
        ModelRouter models = ProviderFactory.create(config.providers());
        ToolRegistry tools;
        try {
            tools = ToolRegistry.fromConfig(config.tools(), environment, new ModelEmbeddings(models));
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
        try {
            SessionStore store = SqliteSessionStore.open(config.storeUrl());
            return new Engine(config, store, models, tools);
        } catch (RuntimeException e) {
            models.close();
            tools.close();
            throw e;
        }
    }

    public TetherConfig config() {
        return config;
    }

    public SessionStore store() {
        return store;
    }

    /** The sessions' saved KV caches under {@code data_dir/kv} (llama-server's slot files). */
    public SessionCacheFiles sessionCaches() {
        return SessionCacheFiles.under(config.dataDir());
    }

    public ModelRouter models() {
        return models;
    }

    public ToolRegistry tools() {
        return tools;
    }

    public Orchestrator orchestrator() {
        return orchestrator;
    }

    @Override
    public void close() {
        try {
            models.close();
        } finally {
            try {
                tools.close();
            } finally {
                store.close();
            }
        }
    }
}
