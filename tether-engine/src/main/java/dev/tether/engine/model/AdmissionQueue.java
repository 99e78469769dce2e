package dev.tether.engine.model;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.chat.Cancellation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded line in front of a fixed number of slots: at most {@code slots} holders run at once, at most
 * {@code maxWaiting} more wait ({@link #UNBOUNDED}: no bound of its own), first come first served; beyond that {@link #enter} refuses
 * with UNAVAILABLE {@code overloaded}. Waiters are woken by signals — a slot freed, a cancel — never by polling.
 * The tool loop's turns and each local model's generations queue here.
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

    /** Reserves a place (a slot or one in line) or throws UNAVAILABLE {@code overloaded}; pair with {@link #leave}. */
    public void enter() {
        lock.lock();
        try {
            if (admitted >= (long) slots + maxWaiting) {
                throw new EngineException(ErrorCode.OVERLOADED, busyMessage);
            }
            admitted++;
        } finally {
            lock.unlock();
        }
    }

    /** Gives a place back. */
    public void leave() {
        lock.lock();
        try {
            admitted--;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, in line, for a slot; false if {@code cancel} fired (or the thread was interrupted) first. Needs a place
     * from {@link #enter}; pair a true return with {@link #stop}.
     */
    public boolean start(Cancellation cancel) {
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

    /** Frees the slot taken by {@link #start}. */
    public void stop() {
        lock.lock();
        try {
            running--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@link #enter} and {@link #start} in one: a slot, or false if cancelled; pair true with {@link #release}. */
    public boolean acquire(Cancellation cancel) {
        enter();
        if (start(cancel)) {
            return true;
        }
        leave();
        return false;
    }

    /** Gives back what {@link #acquire} took. */
    public void release() {
        stop();
        leave();
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

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
