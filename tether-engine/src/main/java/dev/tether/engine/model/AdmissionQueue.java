package dev.tether.engine.model;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded line in front of a fixed number of slots: at most {@code slots} holders run at once, at most
 * {@code maxWaiting} more wait ({@link #UNBOUNDED}: no bound of its own), first come first served; beyond that
 * {@link #enter} refuses with UNAVAILABLE {@code overloaded}. Waiters are woken by signals — a slot freed, a cancel —
 * never by polling. What is taken is given back by closing it ({@link Place}, {@link Slot}), so a
 * try-with-resources block cannot leak a place or a slot. The tool loop's turns and each local model's generations
 * queue here.
 */
public final class AdmissionQueue {

    /** A line without a bound of its own (another queue in front bounds it). */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private final int slots;
    private final int maxWaiting;
    private final String busyMessage;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Thread> line = new ArrayDeque<>();
    private int admitted;
    private int running;

    public AdmissionQueue(int slots, int maxWaiting, String busyMessage) {
        if (slots < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("slots must be positive and maxWaiting not negative");
        }
        this.slots = slots;
        this.maxWaiting = maxWaiting;
        this.busyMessage = busyMessage;
    }

    /** A reserved place: a slot or one in line. Closing it (once counts) gives it back. */
    public final class Place implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();

        private Place() {}

        /**
         * Waits, in line, for a slot. The slot is not {@link Slot#held held} if {@code cancel} fired (or the thread
         * was interrupted) first. Closing the slot frees it; the place stays taken until it is closed itself.
         */
        public Slot start(Cancellation cancel) {
            return new Slot(waitForSlot(cancel), null);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                leave();
            }
        }
    }

    /** A slot from {@link Place#start} or {@link #acquire}, or the cancel that came first. Close it when done. */
    public final class Slot implements AutoCloseable {
        private final boolean held;
        private final Place place;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Slot(boolean held, Place place) {
            this.held = held;
            this.place = place;
        }

        /** False when the wait was cancelled: the holder may not run. */
        public boolean held() {
            return held;
        }

        /** Frees the slot, and the place too when it came from {@link #acquire}. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                if (held) {
                    stop();
                }
                if (place != null) {
                    place.close();
                }
            }
        }
    }

    /** Reserves a place or throws UNAVAILABLE {@code overloaded}. */
    public Place enter() {
        lock.lock();
        try {
            if (admitted >= (long) slots + maxWaiting) {
                throw new EngineException(ErrorCode.OVERLOADED, busyMessage);
            }
            admitted++;
        } finally {
            lock.unlock();
        }
        return new Place();
    }

    /**
     * A place and its slot in one (UNAVAILABLE {@code overloaded} when the line is full); closing the slot gives
     * both back. A cancelled wait gives the place back at once.
     */
    public Slot acquire(Cancellation cancel) {
        Place place = enter();
        boolean held = waitForSlot(cancel);
        if (!held) {
            place.close();
        }
        return new Slot(held, place);
    }

    /** Slots in use now. */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            admitted--;
        } finally {
            lock.unlock();
        }
    }

    private boolean waitForSlot(Cancellation cancel) {
        Runnable wake = this::signal;
        cancel.onCancel(wake);
        lock.lock();
        try {
            Thread me = Thread.currentThread();
            line.addLast(me);
            try {
                while (!(line.peekFirst() == me && running < slots)) {
                    if (cancel.isCancelled()) {
                        return false;
                    }
                    changed.await();
                }
                running++;
                return true;
            } finally {
                line.remove(me);
                changed.signalAll(); // the next in line may now be first
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
            cancel.removeListener(wake);
        }
    }

    private void stop() {
        lock.lock();
        try {
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
