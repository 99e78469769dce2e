package dev.tether.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.stream.EventFrames;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes server-sent events that carry a name ({@code event: <name>} then {@code data: <json>}), as the Anthropic
 * Messages and OpenAI Responses streams do, flushing each. The response is committed only by the first event, so
 * an error found before any output can still be a plain JSON error with its status. A write to a client that went
 * away throws {@link UncheckedIOException}.
 */
public final class NamedSseWriter {

    private final ServerResponse response;
    private OutputStream out;

    public NamedSseWriter(ServerResponse response) {
        this.response = response;
    }

    public boolean started() {
        return out != null;
    }

    public void event(String name, JsonNode data) {
        try {
            if (out == null) {
                response.header(HeaderNames.CONTENT_TYPE, EventFrames.SSE + "; charset=utf-8");
                response.header(HeaderNames.CACHE_CONTROL, "no-cache");
                out = response.outputStream();
            }
            out.write(EventFrames.sseEvent(name, null, data.toString()));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the stream; a client already gone is not an error here. */
    public void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException | UncheckedIOException e) {
            // the client left; nothing more to tell it
        }
    }
}
