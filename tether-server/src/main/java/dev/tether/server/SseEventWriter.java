package dev.tether.server;

import dev.tether.server.http.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tether.engine.chat.ChatEvent;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Server-Sent Events: {@code event: <type>} and {@code data: <the same JSON object as NDJSON>}. */
public final class SseEventWriter implements EventWriter {

    public static final String CONTENT_TYPE = "text/event-stream";

    private final OutputStream out;

    public SseEventWriter(OutputStream out) {
        this.out = out;
    }


    @Override
    public void write(ChatEvent event) {
        EventWriter.writeAndFlush(out, frame(event));
    }

    static byte[] frame(ChatEvent event) {
        try {
            // the JSON has no raw newlines (Jackson escapes them), so one data line holds it
            String json = Json.MAPPER.writeValueAsString(EventJson.event(event));
            return ("event: " + event.type() + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.type(), e);
        }
    }
}
