package dev.tether.engine.chat;

import java.util.Locale;

/** Why a turn (or one model call) ended. */
public enum FinishReason {
    STOP,
    LENGTH,
    TOOL_LOOP_LIMIT,
    CANCELLED,
    ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FinishReason fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
