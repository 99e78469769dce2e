package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker's side of the protocol: one JSON object per line on stdout, each line prefixed with {@link #PREFIX}
 * so that anything the native library prints there is told apart (and forwarded as a log line).
 * <p>
 * One writer thread sends what queued up within {@link #LINGER_NANOS} in a single write, with the tokens of each
 * generation joined into one {@code token} line: a fast stream then costs a few system calls, parses and wake-ups
 * per millisecond instead of per token, and on a small machine those compete with the model for the same cores.
 */
final class WorkerChannel {

    static final String PREFIX = "@@tether ";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long LINGER_NANOS = 2_000_000;

    /** What the writer sends: a generation's text, or a whole message. */
    private record Out(long id, String text, ObjectNode message) {}

    private final PrintStream out;
    private final BlockingQueue<Out> queue = new LinkedBlockingQueue<>();

    WorkerChannel(PrintStream out) {
        this.out = out;
        Thread.ofPlatform().daemon().name("protocol-writer").start(this::write);
    }

    static ObjectNode message(long id, String type) {
        return JSON.createObjectNode().put("id", id).put("type", type);
    }

    void send(ObjectNode message) {
        queue.add(new Out(message.path("id").asLong(), null, message));
    }

    void token(long id, String text) {
        queue.add(new Out(id, text, null));
    }

    void error(long id, String text) {
        send(message(id, "error").put("message", text));
    }

    /** Writes {@code message} now, bypassing the queue (for the last words before the worker exits). */
    synchronized void sendNow(ObjectNode message) {
        out.print(PREFIX + message + "\n");
        out.flush();
    }

    private void write() {
        List<Out> batch = new ArrayList<>();
        Set<Long> streaming = new HashSet<>();
        try {
            while (true) {
                Out first = queue.take();
                batch.add(first);
                // a first token and a final message go at once; later tokens wait for company. Sleep rather than
                // wait on the queue: what is added meanwhile then wakes nobody
                if (first.message() == null && !streaming.add(first.id())) {
                    LockSupport.parkNanos(LINGER_NANOS);
                }
                queue.drainTo(batch);
                batch.stream().filter(o -> o.message() != null).forEach(o -> streaming.remove(o.id()));
                String text = lines(batch);
                synchronized (this) {
                    out.print(text);
                    out.flush();
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The batch as lines: each generation's tokens joined, and written before that generation's next message. */
    private static String lines(List<Out> batch) {
        StringBuilder lines = new StringBuilder();
        Map<Long, StringBuilder> pending = new LinkedHashMap<>();
        for (Out o : batch) {
            if (o.message() == null) {
                pending.computeIfAbsent(o.id(), id -> new StringBuilder()).append(o.text());
            } else {
                StringBuilder tokens = pending.remove(o.id());
                if (tokens != null) {
                    tokenLine(lines, o.id(), tokens);
                }
                lines.append(PREFIX).append(o.message()).append('\n');
            }
        }
        pending.forEach((id, tokens) -> tokenLine(lines, id, tokens));
        return lines.toString();
    }

    private static void tokenLine(StringBuilder lines, long id, CharSequence text) {
        lines.append(PREFIX)
                .append("{\"id\":")
                .append(id)
                .append(",\"type\":\"token\",\"text\":\"")
                .append(JsonStringEncoder.getInstance().quoteAsString(text))
                .append("\"}\n");
    }
}
