package dev.tether.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One event of a streamed response, as {@link EventStream} sends it: {@code {"type": type, "data": data}} on an
 * NDJSON line, or {@code event: type} with that object as its data over SSE. The factories are the shapes that more
 * than one stream sends; a long job (a pull, an install) streams {@code start}, {@link #progress}…, and always
 * {@code done} last, after an {@link #error} when it failed.
 */
public record StreamEvent(String type, ObjectNode data) {

    public StreamEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** How far a download or copy has come: {@code downloaded_bytes}, {@code total_bytes}, {@code bytes_per_second}. */
    public static StreamEvent progress(long doneBytes, long totalBytes, double bytesPerSecond) {
        return new StreamEvent(
                "progress",
                Json.object()
                        .put("downloaded_bytes", doneBytes)
                        .put("total_bytes", totalBytes)
                        .put("bytes_per_second", Math.round(bytesPerSecond)));
    }

    /** A job's failure, sent just before its {@code done}: {@code {"code", "message"}}. */
    public static StreamEvent error(String code, String message) {
        return new StreamEvent("error", Json.object().put("code", code).put("message", message));
    }

    /** The whole event as one JSON object. */
    public ObjectNode json() {
        ObjectNode root = Json.object().put("type", type);
        root.set("data", data);
        return root;
    }
}
