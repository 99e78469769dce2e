package dev.tether.engine.parse;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.model.ModelEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * An incremental parser of one model output. Text that cannot be the start of tool-call markup is emitted at once;
 * only a possible markup prefix is held back. The events never depend on how the output was chunked.
 * One instance per model call; not thread-safe.
 */
public interface ToolCallParser {

    /** Feeds the next chunk of model text; returns what is now certain. */
    List<ModelEvent> feed(String chunk);

    /** The output ended; flushes what was held back (an unclosed call becomes {@link ModelEvent.InvalidCall}). */
    List<ModelEvent> finish();

    /** Feeds {@code chunk} and passes what is now certain to {@code events}; nothing once {@code cancel} fired. */
    default void feed(String chunk, Cancellation cancel, Consumer<ModelEvent> events) {
        if (!cancel.isCancelled()) {
            feed(chunk).forEach(events);
        }
    }

    /** Ends the output and passes what was held back to {@code events}, unless {@code cancel} fired. */
    default void finish(Cancellation cancel, Consumer<ModelEvent> events) {
        if (!cancel.isCancelled()) {
            finish().forEach(events);
        }
    }
}
