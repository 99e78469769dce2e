package dev.tether.engine.loop;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatEvent.MessageStored;
import dev.tether.engine.chat.Role;
import dev.tether.engine.error.EngineException;
import java.util.concurrent.CompletableFuture;

/**
 * Forwards events to the client's sink; the first failure (the client left) cancels the turn and mutes it. While
 * the turn's prompt is still being written ({@link #after}), events wait for the write; if it fails, the client
 * gets its error, the turn is cancelled, and nothing but {@code done} follows; if it succeeds, the prompt's
 * {@link MessageStored} goes first.
 */
final class Emitter {

    private final EventSink sink;
    private final Cancellation cancel;
    private boolean gone;
    private CompletableFuture<Long> pending;
    private boolean promptLost;

    Emitter(EventSink sink, Cancellation cancel) {
        this.sink = sink;
        this.cancel = cancel;
    }

    /** Holds every event back until {@code promptWrite} is done; its id goes out as soon as it is stored. */
    synchronized void after(CompletableFuture<Long> promptWrite) {
        pending = promptWrite;
        // a model still loading sends nothing for a while: the client should not wait that long for the id
        promptWrite.thenRun(this::promptStored);
    }

    /** Waits for the prompt's write, if one is pending; false if it failed (its error has been sent). */
    synchronized boolean promptStored() {
        CompletableFuture<Long> write = pending;
        if (write != null) {
            pending = null;
            try {
                deliver(new MessageStored(Role.USER, UserMessageWrite.await(write)));
            } catch (EngineException e) {
                promptLost = true;
                cancel.cancel();
                deliver(new ErrorEvent(e.getMessage(), e.code()));
            }
        }
        return !promptLost;
    }

    synchronized void emit(ChatEvent event) {
        if (promptStored() || event instanceof Done) {
            deliver(event);
        }
    }

    private void deliver(ChatEvent event) {
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
