package dev.tether.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tether.stream.EventFrames;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one writer of the server's event streams (chat, pull): picks NDJSON or SSE from the request's {@code Accept},
 * sets the headers, and writes each {@link StreamEvent} as one flushed frame. A write to a client that went away
 * throws {@link ClientGone}; a chat turn takes that as its cancel, a pull stops its download.
 */
public final class EventStream implements AutoCloseable {

    /** The two framings, and the content type each is sent with. */
    public enum Format {
        NDJSON(EventFrames.NDJSON),
        SSE(EventFrames.SSE);

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }

        /** SSE when {@code Accept} asks for {@code text/event-stream}, NDJSON otherwise. */
        public static Format of(ServerRequest req) {
            return req.headers().first(HeaderNames.ACCEPT).orElse("").contains(EventFrames.SSE) ? SSE : NDJSON;
        }
    }

    /** The client closed the connection: nothing more can be sent. */
    public static final class ClientGone extends UncheckedIOException {
        ClientGone(IOException cause) {
            super("the client went away", cause);
        }
    }

    private final Format format;
    private final OutputStream out;

    private EventStream(Format format, OutputStream out) {
        this.format = format;
        this.out = out;
    }

    /** Sets the headers for the format the request asks for; nothing is sent before {@link #start} or an event. */
    public static EventStream open(ServerRequest req, ServerResponse res) {
        Format format = Format.of(req);
        res.header(HeaderNames.CONTENT_TYPE, format.contentType());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no"); // a proxy in front must not hold the stream back
        return new EventStream(format, res.outputStream());
    }

    public Format format() {
        return format;
    }

    /** Sends the headers now, before the first event, so that event later arrives on its own. */
    public void start() {
        write(new byte[0]);
    }

    public void send(StreamEvent event) {
        write(frame(format, event));
    }

    /** Ends the response; a client that already left is not an error. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the client already left
        }
    }

    static byte[] frame(Format format, StreamEvent event) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(event.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a " + event.type() + " event", e);
        }
        return switch (format) {
            case NDJSON -> EventFrames.ndjsonLine(json);
            case SSE -> EventFrames.sseEvent(event.type(), null, json);
        };
    }

    private void write(byte[] frame) {
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        } catch (UncheckedIOException e) {
            throw new ClientGone(e.getCause());
        }
    }
}
