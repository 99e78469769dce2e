package dev.tether.engine.loop;

import dev.tether.engine.chat.ChatEvent;

/**
 * Receives a turn's events in order. An exception thrown here (the client went away) cancels the turn; no
 * further events are sent to this sink after that.
 */
@FunctionalInterface
public interface EventSink {
    void accept(ChatEvent event);
}
