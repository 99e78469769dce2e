package dev.tether.engine.loop;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;

/** Forwards events to the client's sink; the first failure (the client left) cancels the turn and mutes it. */
final class Emitter {

    private final EventSink sink;
    private final Cancellation cancel;
    private boolean gone;

    Emitter(EventSink sink, Cancellation cancel) {
        this.sink = sink;
        this.cancel = cancel;
    }

    synchronized void emit(ChatEvent event) {
        if (gone) {
            return;
        }
        try {
            sink.accept(event);
        } catch (RuntimeException e) {
            gone = true;
            cancel.cancel();
        }
    }
}
