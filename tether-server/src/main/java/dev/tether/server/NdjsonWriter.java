package dev.tether.server;

import dev.tether.server.http.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tether.engine.chat.ChatEvent;

import java.io.OutputStream;
import java.util.Arrays;

/** One JSON object per line ({@code application/x-ndjson}). */
public final class NdjsonWriter implements EventWriter {

    public static final String CONTENT_TYPE = "application/x-ndjson";

    private final OutputStream out;

    public NdjsonWriter(OutputStream out) {
        this.out = out;
    }


    @Override
    public void write(ChatEvent event) {
        EventWriter.writeAndFlush(out, line(event));
    }

    static byte[] line(ChatEvent event) {
        try {
            byte[] json = Json.MAPPER.writeValueAsBytes(EventJson.event(event));
            byte[] line = Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.type(), e);
        }
    }
}
