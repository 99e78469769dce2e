package dev.tether.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.error.EngineException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionQueueTest {

    /** Waits (with a deadline) until {@code count} threads wait in the queue's line. */
    private static void awaitWaiting(Thread... threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                assertThat(System.nanoTime()).as("thread %s never waited", t).isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void refusesBeyondSlotsPlusLineAndTakesAgainAfterAPlaceIsClosed() {
        AdmissionQueue queue = new AdmissionQueue(1, 1, "busy");
        queue.enter();
        AdmissionQueue.Place second = queue.enter();
        assertThatThrownBy(queue::enter)
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("overloaded"));
        second.close();
        second.close(); // a second close gives nothing back twice
        queue.enter();
        assertThatThrownBy(queue::enter).isInstanceOf(EngineException.class);
    }

    @Test
    void aSlotIsFreedByClosingItAndItsPlaceStaysTakenUntilClosed() {
        AdmissionQueue queue = new AdmissionQueue(1, 0, "busy");
        try (AdmissionQueue.Place place = queue.enter()) {
            try (AdmissionQueue.Slot slot = place.start(new Cancellation())) {
                assertThat(slot.held()).isTrue();
                assertThat(queue.running()).isEqualTo(1);
            }
            assertThat(queue.running()).isZero();
            assertThatThrownBy(queue::enter).as("the place is still taken").isInstanceOf(EngineException.class);
        }
        try (AdmissionQueue.Slot slot = queue.acquire(new Cancellation())) {
            assertThat(slot.held()).isTrue();
        }
        queue.enter();
    }

    @Test
    void anUnboundedLineNeverRefuses() {
        AdmissionQueue queue = new AdmissionQueue(1, AdmissionQueue.UNBOUNDED, "busy");
        for (int i = 0; i < 10_000; i++) {
            queue.enter();
        }
    }

    @Test
    void waitersGetTheSlotInArrivalOrderWhenItIsFreed() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(1, 10, "busy");
        AdmissionQueue.Slot first = queue.acquire(new Cancellation());
        assertThat(first.held()).isTrue();
        List<Integer> order = new CopyOnWriteArrayList<>();
        Thread[] waiters = new Thread[3];
        for (int i = 0; i < waiters.length; i++) {
            int n = i;
            waiters[i] = Thread.ofPlatform().start(() -> {
                try (AdmissionQueue.Slot slot = queue.acquire(new Cancellation())) {
                    if (slot.held()) {
                        order.add(n);
                    }
                }
            });
            awaitWaiting(waiters[i]); // arrival order is the order they started waiting
        }
        first.close();
        for (Thread t : waiters) {
            t.join(10_000);
        }
        assertThat(order).containsExactly(0, 1, 2);
        assertThat(queue.running()).isZero();
    }

    @Test
    void aCancelWakesAWaiterAtOnceAndItLeavesItsPlace() throws Exception {
        AdmissionQueue queue = new AdmissionQueue(1, 1, "busy");
        assertThat(queue.acquire(new Cancellation()).held()).isTrue();
        Cancellation cancel = new Cancellation();
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        Thread t = Thread.ofPlatform()
                .start(() -> waiter.complete(queue.acquire(cancel).held()));
        awaitWaiting(t);

        cancel.cancel();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isFalse();
        queue.enter(); // the cancelled waiter gave its place in line back
        assertThat(queue.running()).isEqualTo(1);
    }

    @Test
    void anAlreadyCancelledCallerDoesNotWaitForABusySlot() {
        AdmissionQueue queue = new AdmissionQueue(1, 5, "busy");
        assertThat(queue.acquire(new Cancellation()).held()).isTrue();
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        assertThat(queue.acquire(cancelled).held()).isFalse();
    }
}
