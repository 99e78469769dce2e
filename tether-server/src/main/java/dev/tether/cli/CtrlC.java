package dev.tether.cli;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Routes Ctrl-C (SIGINT) to the chat instead of ending the JVM. Where the signal cannot be trapped (it is ignored,
 * as in a background job, or the platform has no SIGINT) Ctrl-C keeps its usual meaning.
 */
final class CtrlC {

    private static final AtomicReference<Runnable> HANDLER = new AtomicReference<>();
    private static boolean installed;

    private CtrlC() {}

    /** Sets what Ctrl-C does from now on; {@code null} makes it do nothing. */
    static synchronized void onInterrupt(Runnable handler) {
        HANDLER.set(handler);
        if (!installed && handler != null) {
            try {
                Signal.handle(new Signal("INT"), signal -> {
                    Runnable current = HANDLER.get();
                    if (current != null) {
                        current.run();
                    }
                });
                installed = true;
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal is not ours to trap here
            }
        }
    }
}
