package dev.tether.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.stream.EventFrames;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes {@code data:} lines of server-sent events, flushing each. The response is committed only by the first
 * line, so an error found before any output can still be a plain JSON error with its status. A write to a client
 * that went away throws {@link UncheckedIOException}.
 */
final class OpenAiSseWriter {

    private final ServerResponse response;
    private OutputStream out;

    OpenAiSseWriter(ServerResponse response) {
        this.response = response;
    }

    boolean started() {
        return out != null;
    }

    void data(JsonNode json) {
        line(json.toString());
    }

    /** The stream's end marker. */
    void done() {
        line("[DONE]");
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(String data) {
        try {
            if (out == null) {
                response.header(HeaderNames.CONTENT_TYPE, EventFrames.SSE + "; charset=utf-8");
                response.header(HeaderNames.CACHE_CONTROL, "no-cache");
                out = response.outputStream();
            }
            out.write(EventFrames.sseEvent(null, null, data));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
