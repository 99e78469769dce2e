package dev.tether.engine.llamacpp;

import dev.tether.engine.EngineException;
import dev.tether.engine.chat.Cancellation;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most {@code parallel} generations into a worker (one per llama.cpp sequence slot) and lets at most
 * {@code maxQueued} more wait; beyond that a call is refused with UNAVAILABLE {@code overloaded}.
 */
final class SlotGate {

    private final Semaphore slots;
    private final int maxQueued;
    private final AtomicInteger waiting = new AtomicInteger();

    SlotGate(int parallel, int maxQueued) {
        this.slots = new Semaphore(parallel, true);
        this.maxQueued = maxQueued;
    }

    /** Takes a slot, waiting in line if needed; false if {@code cancel} fired first. Pair true with {@link #leave}. */
    boolean enter(Cancellation cancel) {
        if (slots.tryAcquire()) {
            return true;
        }
        if (waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            throw EngineException.unavailable("overloaded", "the model is busy with other chats; try again shortly");
        }
        try {
            while (!cancel.isCancelled()) {
                if (slots.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    void leave() {
        slots.release();
    }

    int inUse(int parallel) {
        return parallel - slots.availablePermits();
    }
}
