package dev.tether.engine.chat;

import dev.tether.tool.CancelSignal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A one-way cancel flag shared by the caller, the tool loop and the provider; listeners run once, on cancel. */
public final class Cancellation implements CancelSignal {

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            listeners.forEach(Cancellation::runQuietly);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Runs {@code listener} on cancel, or at once if already cancelled. */
    @Override
    public void onCancel(Runnable listener) {
        listeners.add(listener);
        if (cancelled.get() && listeners.remove(listener)) {
            runQuietly(listener);
        }
    }

    /** Forgets a listener that is no longer needed (its work ended without a cancel). */
    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // a failing listener must not stop the others
        }
    }
}
