package dev.tether.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Counts the client's requests that the server has not answered yet. The SDK's stdio transport stops writing the
 * moment its input ends, which would drop the answers to a client that writes its requests and closes stdin at
 * once ({@code printf … | java -jar tether-mcp.jar}); so the end of input is passed on only once every request
 * read so far has been answered (or {@code grace} has passed).
 */
final class StdioInFlight {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration grace;
    private int pending;

    StdioInFlight(Duration grace) {
        this.grace = grace;
    }

    InputStream input(InputStream in, Runnable onEnd) {
        return new FilterInputStream(in) {
            private final Lines lines = new Lines(line -> changed(isRequest(line) ? 1 : 0));

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    awaitAnswered();
                    onEnd.run();
                } else {
                    lines.add(b, off, n);
                }
                return n;
            }
        };
    }

    OutputStream output(OutputStream out) {
        return new FilterOutputStream(out) {
            private final Lines lines = new Lines(line -> changed(isResponse(line) ? -1 : 0));

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') { // a whole message: make sure it is out before it counts as answered
                        out.flush();
                        break;
                    }
                }
                lines.add(b, off, len);
            }
        };
    }

    private synchronized void changed(int delta) {
        pending += delta;
        notifyAll();
    }

    private synchronized void awaitAnswered() {
        long end = System.nanoTime() + grace.toNanos();
        try {
            while (pending > 0 && System.nanoTime() < end) {
                wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isRequest(JsonNode message) {
        return message.has("method") && message.has("id");
    }

    private static boolean isResponse(JsonNode message) {
        return !message.has("method") && message.has("id");
    }

    /** Splits a byte stream into newline-terminated JSON messages. */
    private static final class Lines {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final Consumer<JsonNode> onMessage;

        Lines(Consumer<JsonNode> onMessage) {
            this.onMessage = onMessage;
        }

        synchronized void add(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    parse(line.toByteArray());
                    line.reset();
                } else {
                    line.write(b[i]);
                }
            }
        }

        private void parse(byte[] bytes) {
            try {
                JsonNode message = JSON.readTree(bytes);
                if (message != null && message.isObject()) {
                    onMessage.accept(message);
                }
            } catch (IOException e) {
                // not JSON: the SDK answers it with a parse error; nothing to count
            }
        }
    }
}
