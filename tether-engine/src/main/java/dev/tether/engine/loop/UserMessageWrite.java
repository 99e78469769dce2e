package dev.tether.engine.loop;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** A turn's prompt written to the store on its own virtual thread, so the synced commit overlaps the model's work. */
final class UserMessageWrite {

    private UserMessageWrite() {}

    /** Starts {@code write}, which returns the stored message's id. */
    static CompletableFuture<Long> start(Supplier<Long> write) {
        return CompletableFuture.supplyAsync(
                write, task -> Thread.ofVirtual().name("tether-store-write").start(task));
    }

    /** Waits for {@code write} and returns its id; a failure comes back as the store's own {@link EngineException}. */
    static long await(CompletableFuture<Long> write) {
        try {
            return write.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof EngineException engine) {
                throw engine;
            }
            throw new EngineException(
                    ErrorCode.STORE_ERROR, "could not store the prompt: " + e.getCause(), e.getCause());
        }
    }
}
