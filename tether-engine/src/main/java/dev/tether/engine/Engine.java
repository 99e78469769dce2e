package dev.tether.engine;

import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.tool.ToolRegistry;

/**
 * Everything the edges need, built from one configuration: the session store, the model providers, the tool
 * registry and the orchestrator. Closing it closes them all.
 */
public final class Engine implements AutoCloseable {

    /** Builds and opens every component; a {@link dev.tether.engine.config.ConfigException} on bad config. */
    public static Engine start(TetherConfig config) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public TetherConfig config() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public SessionStore store() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public ModelRouter models() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public ToolRegistry tools() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Orchestrator orchestrator() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
