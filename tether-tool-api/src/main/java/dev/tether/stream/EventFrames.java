package dev.tether.stream;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of one event on a streamed HTTP response: an NDJSON line or a Server-Sent Events frame. Both edges
 * frame with it (the server's chat and pull streams, MCP's SSE transport); it lives here because this is the one
 * module both depend on. It only builds bytes: the caller writes and flushes them.
 */
public final class EventFrames {

    public static final String NDJSON = "application/x-ndjson";
    public static final String SSE = "text/event-stream";

    private EventFrames() {}

    /** {@code json} and a newline; {@code json} must be one line (Jackson escapes newlines inside strings). */
    public static byte[] ndjsonLine(String json) {
        return (json + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** An SSE event: an {@code id:} line when {@code id} is not null, {@code event:}, one {@code data:} per line. */
    public static byte[] sseEvent(String event, String id, String data) {
        StringBuilder text = new StringBuilder();
        if (id != null) {
            text.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            text.append("event: ").append(event).append('\n');
        }
        data.lines().forEach(line -> text.append("data: ").append(line).append('\n'));
        return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An SSE comment, which clients ignore: it opens a stream or keeps an idle one alive. */
    public static byte[] sseComment(String text) {
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
