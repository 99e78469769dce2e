package dev.tether.server;

import dev.tether.engine.chat.ChatEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes chat events to a streaming response, one flushed frame each. A failed write (the client went away)
 * throws {@link UncheckedIOException}, which makes the engine cancel the turn.
 */
public sealed interface EventWriter permits NdjsonWriter, SseEventWriter {

    void write(ChatEvent event);

    /** SSE when the {@code Accept} header asks for {@code text/event-stream}, NDJSON otherwise. */
    static boolean wantsSse(String accept) {
        return accept.contains(SseEventWriter.CONTENT_TYPE);
    }

    static void writeAndFlush(OutputStream out, byte[] frame) {
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
