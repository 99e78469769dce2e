package dev.tether.engine.llamacpp;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The port of a llama-server started with {@code --port 0}. The kernel chose it when the child bound it, so no other
 * local process can have taken it first (as it could a port Tether probed and released). llama-server names it in
 * its log once the model is loaded ({@code listening on http://127.0.0.1:PORT}); since children of the same model
 * file share that log, a port is taken only when a call with this child's own API key succeeds there.
 */
final class ChildPort {

    static final Pattern LISTENING = Pattern.compile("listening on https?://[^\\s/]+:(\\d+)");
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int MAX_LINE = 64 * 1024;

    private final Path log;
    private final String apiKey;
    private final HttpClient http;
    private final Set<Integer> candidates = new LinkedHashSet<>();
    private final StringBuilder partial = new StringBuilder();
    private long offset;

    private ChildPort(Path log, long from, String apiKey, HttpClient http) {
        this.log = log;
        this.offset = from;
        this.apiKey = apiKey;
        this.http = http;
    }

    /**
     * Waits until the child that writes to {@code log} from byte {@code from} on says where it listens and answers
     * there with {@code apiKey}; empty when it ended ({@code alive} false) or {@code timeout} passed first.
     */
    static OptionalInt await(Path log, long from, String apiKey, BooleanSupplier alive, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            ChildPort port = new ChildPort(log, from, apiKey, http);
            while (System.nanoTime() < deadline && alive.getAsBoolean()) {
                port.readLog();
                OptionalInt found = port.ours();
                if (found.isPresent()) {
                    return found;
                }
                Thread.sleep(POLL);
            }
            return OptionalInt.empty();
        }
    }

    /** Adds the ports named by the lines the log gained. */
    private void readLog() {
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            if (in.length() <= offset) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(in.length() - offset, 1 << 20)];
            in.seek(offset);
            in.readFully(bytes);
            offset += bytes.length;
            partial.append(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return; // not created yet
        }
        int end;
        while ((end = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, end));
            partial.delete(0, end + 1);
        }
        if (partial.length() > MAX_LINE) {
            partial.setLength(0);
        }
    }

    private void line(String line) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
            int port = Integer.parseInt(m.group(1));
            if (port == 0) {
                throw new EngineException(
                        ErrorCode.ENGINE_START_FAILED,
                        "this llama-server does not say which port"
                                + " it took (its log says port 0); install a newer llama.cpp (llama-server) release");
            }
            candidates.add(port);
        }
    }

    /** The candidate where the child answers with this key; one that refuses the key is another child's. */
    private OptionalInt ours() throws InterruptedException {
        for (var it = candidates.iterator(); it.hasNext(); ) {
            int port = it.next();
            HttpRequest props = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/props"))
                    .header("Authorization", "Bearer " + apiKey)
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            try {
                int status =
                        http.send(props, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return OptionalInt.of(port);
                }
                if (status == 401 || status == 403) {
                    it.remove();
                }
            } catch (IOException e) {
                // gone or not answering yet: asked again on the next round
            }
        }
        return OptionalInt.empty();
    }
}
