package dev.tether.engine.llamacpp;

import java.util.Locale;

/**
 * Where a model's engine process is in its life, shown as {@code state} by {@code GET /models/{name}}:
 * {@code absent} (none running: never started, unloaded, or expired), {@code starting} (launched, loading the
 * model), {@code ready} (serving), {@code failed} (the last start failed or the process died; the next request
 * starts it again), {@code stopping} (being ended by an unload or an idle expiry).
 */
enum ProcessState {
    ABSENT,
    STARTING,
    READY,
    FAILED,
    STOPPING;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
