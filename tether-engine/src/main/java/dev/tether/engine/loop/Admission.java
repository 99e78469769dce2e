package dev.tether.engine.loop;

import dev.tether.engine.EngineException;
import dev.tether.engine.chat.Cancellation;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds turns: at most {@code running} generate at once, at most {@code queued} more wait; beyond that a turn is
 * refused before its stream starts.
 */
final class Admission {

    private final int capacity;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Semaphore running;

    Admission(int running, int queued) {
        this.capacity = running + queued;
        this.running = new Semaphore(running, true);
    }

    /** Reserves a place or throws UNAVAILABLE {@code overloaded}; pair with {@link #leave()}. */
    void enter() {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            throw EngineException.unavailable("overloaded", "too many chats at once; try again shortly");
        }
    }

    void leave() {
        admitted.decrementAndGet();
    }

    /** Waits for a running slot; false if cancelled first. Pair a true return with {@link #stopRunning()}. */
    boolean startRunning(Cancellation cancel) {
        try {
            while (!cancel.isCancelled()) {
                if (running.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stopRunning() {
        running.release();
    }
}
