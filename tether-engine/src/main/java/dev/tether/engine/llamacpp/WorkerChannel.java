package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;

/**
 * The worker's side of the protocol: one JSON object per line on stdout, each line prefixed with {@link #PREFIX}
 * so that anything the native library prints there is told apart (and forwarded as a log line).
 */
final class WorkerChannel {

    static final String PREFIX = "@@tether ";
    static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    WorkerChannel(PrintStream out) {
        this.out = out;
    }

    static ObjectNode message(long id, String type) {
        return JSON.createObjectNode().put("id", id).put("type", type);
    }

    synchronized void send(ObjectNode message) {
        out.print(PREFIX);
        out.print(message.toString());
        out.print('\n');
        out.flush();
    }

    void error(long id, String text) {
        send(message(id, "error").put("message", text));
    }
}
