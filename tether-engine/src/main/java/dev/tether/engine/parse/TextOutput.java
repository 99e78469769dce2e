package dev.tether.engine.parse;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.model.ModelEvent;

import java.util.List;
import java.util.function.Consumer;

/**
 * The text a model writes, read through its tool format's parser and passed on as typed {@link ModelEvent}s.
 * Nothing is passed on once the call is cancelled.
 */
public final class TextOutput {

    private final ToolCallParser parser;
    private final Cancellation cancel;
    private final Consumer<ModelEvent> events;
    private boolean finished;

    public TextOutput(ToolCallParser parser, Cancellation cancel, Consumer<ModelEvent> events) {
        this.parser = parser;
        this.cancel = cancel;
        this.events = events;
    }

    /** The next chunk of model text. */
    public void write(String chunk) {
        if (!cancel.isCancelled()) {
            pass(parser.feed(chunk));
        }
    }

    /** The model stopped: flushes what the parser held back (unless cancelled). Idempotent. */
    public void finish() {
        if (!finished && !cancel.isCancelled()) {
            finished = true;
            pass(parser.finish());
        }
    }

    private void pass(List<ParseEvent> parsed) {
        for (ParseEvent event : parsed) {
            events.accept(switch (event) {
                case ParseEvent.Text t -> new ModelEvent.Text(t.text());
                case ParseEvent.Thinking t -> new ModelEvent.Thinking(t.text());
                case ParseEvent.Call c -> new ModelEvent.Call(c.name(), c.arguments());
                case ParseEvent.Invalid i -> new ModelEvent.InvalidCall(i.message());
            });
        }
    }
}
