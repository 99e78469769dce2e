package dev.tether.engine.llamacpp;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.model.AdmissionQueue;

/**
 * Admits at most {@code parallel} generations into a worker (one per llama.cpp sequence slot); others wait in line,
 * at most {@code maxQueued} of them ({@code AdmissionQueue.UNBOUNDED} by default: the tool loop's {@code limits.*}
 * already bound how many calls can arrive).
 */
final class SlotGate {

    private final AdmissionQueue queue;

    SlotGate(int parallel, int maxQueued) {
        this.queue = new AdmissionQueue(parallel, maxQueued, "the model is busy with other chats; try again shortly");
    }

    /** Takes a slot, waiting in line if needed; not held if {@code cancel} fired first. Close it when done. */
    AdmissionQueue.Slot enter(Cancellation cancel) {
        return queue.acquire(cancel);
    }
}
