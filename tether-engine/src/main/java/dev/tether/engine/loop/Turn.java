package dev.tether.engine.loop;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.FinishReason;

/**
 * A turn that passed every check and holds its session: {@link #run} streams it; {@link #close} lets the session
 * take the next turn. Obtained from {@link Orchestrator#begin}.
 */
public final class Turn implements AutoCloseable {

    /** Runs the whole tool loop, sending each event to {@code sink}, {@code done} last; blocks until then. */
    public FinishReason run(EventSink sink) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Cancel this to stop the turn from outside (a stop button, a disconnect noticed elsewhere). */
    public Cancellation cancellation() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
