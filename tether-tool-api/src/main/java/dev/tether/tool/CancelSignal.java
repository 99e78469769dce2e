package dev.tether.tool;

/**
 * What the registry needs of a caller's cancel flag: whether it is set, and a way to be told when it is. The chat
 * loop's {@code Cancellation} is one; {@link #NEVER} is for callers that never cancel.
 */
public interface CancelSignal {

    /** A signal that is never set. */
    CancelSignal NEVER = new CancelSignal() {
        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void onCancel(Runnable listener) {}

        @Override
        public void removeListener(Runnable listener) {}
    };

    boolean isCancelled();

    /** Runs {@code listener} on cancel, or at once if already cancelled. */
    void onCancel(Runnable listener);

    /** Forgets a listener that is no longer needed. */
    void removeListener(Runnable listener);
}
