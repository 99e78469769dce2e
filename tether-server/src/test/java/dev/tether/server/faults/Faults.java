package dev.tether.server.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Small shared helpers of the fault tests. */
final class Faults {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A script whose every answer is 20 chunks, {@code delayMs} apart: long enough to leave in the middle. */
    static String slowScript(long delayMs) {
        return """
                models: [scripted]
                chunk_delay_ms: %d
                rules:
                  - on: user
                    match: ".*"
                    chunks: ["a ", "b ", "c ", "d ", "e ", "f ", "g ", "h ", "i ", "j ", "k ", "l ", "m ", "n ", "o ", "p ", "q ", "r ", "s ", "t."]
                """.formatted(delayMs);
    }

    private Faults() {}

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} until it holds or {@code limit} passes; true when it held. */
    static boolean await(Duration limit, BooleanSupplier condition) {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Live platform threads of this JVM, less the virtual-thread carriers and the test's own HTTP client threads
     * (pools that grow with the test's load and are not the server's). Virtual threads end with their request.
     */
    static int platformThreads() {
        return threadNames().size();
    }

    static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !n.startsWith("ForkJoinPool") && !n.startsWith("HttpClient"))
                .sorted()
                .toList();
    }
}
