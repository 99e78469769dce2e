package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker's side of the protocol: one JSON object per line on stdout, each line prefixed with {@link #PREFIX}
 * so that anything the native library prints there is told apart (and forwarded as a log line). One writer thread
 * sends what queues up within a millisecond in a single write, so a fast token stream costs fewer system calls and
 * wake-ups on both sides (which on a small machine compete with the model for the same cores).
 */
final class WorkerChannel {

    static final String PREFIX = "@@tether ";
    static final ObjectMapper JSON = new ObjectMapper();

    /** How long the writer waits for more lines before a write: a fast stream goes out a few tokens at a time. */
    private static final long LINGER_NANOS = 1_000_000;

    private final PrintStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    WorkerChannel(PrintStream out) {
        this.out = out;
        Thread.ofPlatform().daemon().name("protocol-writer").start(this::write);
    }

    static ObjectNode message(long id, String type) {
        return JSON.createObjectNode().put("id", id).put("type", type);
    }

    void send(ObjectNode message) {
        lines.add(PREFIX + message + "\n");
    }

    /** The hot path: a token line built without a JSON tree. */
    void token(long id, String text) {
        lines.add(PREFIX + "{\"id\":" + id + ",\"type\":\"token\",\"text\":\""
                + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"}\n");
    }

    /** Writes {@code message} now, bypassing the queue (for the last words before the worker exits). */
    synchronized void sendNow(ObjectNode message) {
        out.print(PREFIX + message + "\n");
        out.flush();
    }

    void error(long id, String text) {
        send(message(id, "error").put("message", text));
    }

    private void write() {
        List<String> batch = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try {
            while (true) {
                batch.add(lines.take());
                // sleep rather than wait on the queue: lines added meanwhile then wake nobody
                LockSupport.parkNanos(LINGER_NANOS);
                lines.drainTo(batch);
                batch.forEach(text::append);
                synchronized (this) {
                    out.print(text);
                    out.flush();
                }
                batch.clear();
                text.setLength(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
