package dev.tether.engine.loop;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A turn's prompt written to the store on its own virtual thread, so the synced commit overlaps the model's work. */
final class UserMessageWrite {

    private UserMessageWrite() {
    }

    static CompletableFuture<Void> start(Runnable write) {
        return CompletableFuture.runAsync(write, task -> Thread.ofVirtual().name("tether-store-write").start(task));
    }

    /** Waits for {@code write}; a failure comes back as the store's own {@link EngineException}. */
    static void await(CompletableFuture<Void> write) {
        try {
            write.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof EngineException engine) {
                throw engine;
            }
            throw new EngineException(ErrorCode.STORE_ERROR, "could not store the prompt: " + e.getCause(), e.getCause());
        }
    }
}
