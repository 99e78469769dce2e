package dev.tether.server;

import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.Usage;
import io.helidon.webserver.http.Filter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Counters the server keeps, written in the Prometheus text format by {@link #scrape}. */
public final class Metrics {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> turns = new ConcurrentHashMap<>();
    private final LongAdder errors = new LongAdder();
    private final LongAdder streamErrors = new LongAdder();
    private final LongAdder toolCalls = new LongAdder();
    private final LongAdder toolErrors = new LongAdder();
    private final LongAdder completionTokens = new LongAdder();
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder generationMs = new LongAdder();
    private final IntSupplier activeTurns;
    private final Histogram requestSeconds = new Histogram(
            "tether_http_request_seconds",
            "Time to answer an HTTP request (for a stream: until it ends), by method.",
            "method");
    private final Histogram firstTokenSeconds = new Histogram(
            "tether_chat_time_to_first_token_seconds",
            "Time from a chat request to its first token, by model.",
            "model");
    private final Histogram turnSeconds =
            new Histogram("tether_chat_turn_seconds", "Time from a chat request to its done event, by model.", "model");
    private final Histogram toolSeconds =
            new Histogram("tether_tool_call_seconds", "Time from a tool call to its result, by tool.", "tool");
    private final Map<String, LongAdder> toolCallsByTool = new ConcurrentHashMap<>();

    public Metrics(IntSupplier activeTurns) {
        this.activeTurns = activeTurns;
    }

    /** Counts every request by method and status once it is answered. */
    Filter requestCounter() {
        return (chain, req, res) -> {
            long start = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                int status = res.status().code();
                String method = req.prologue().method().text();
                // a client may send any method name: keep the label set bounded
                String label = METHODS.contains(method) ? method : "OTHER";
                requestSeconds.observe(label, (System.nanoTime() - start) / 1e9);
                requests.computeIfAbsent(label + " " + status, k -> new LongAdder())
                        .increment();
                if (status >= 400) {
                    errors.increment();
                }
            }
        };
    }

    /** Times one chat turn for {@code model}: the first token, tool calls and the whole turn, as events pass. */
    java.util.function.Consumer<ChatEvent> turnTimer(String model) {
        long start = System.nanoTime();
        boolean[] firstSeen = {false};
        Map<String, Long> toolStarts = new ConcurrentHashMap<>();
        return event -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            switch (event) {
                case ChatEvent.Token t
                when !firstSeen[0] -> {
                    firstSeen[0] = true;
                    firstTokenSeconds.observe(model, elapsed);
                }
                case ChatEvent.ToolCallEvent c -> {
                    toolStarts.put(c.id(), System.nanoTime());
                    count(toolCallsByTool, c.name());
                }
                case ChatEvent.ToolResultEvent r -> {
                    Long began = toolStarts.remove(r.id());
                    if (began != null) {
                        toolSeconds.observe(r.toolName(), (System.nanoTime() - began) / 1e9);
                    }
                }
                case ChatEvent.Done d -> turnSeconds.observe(model, elapsed);
                default -> {}
            }
        };
    }

    private static void count(Map<String, LongAdder> byLabel, String label) {
        String key = byLabel.containsKey(label) || byLabel.size() < Histogram.MAX_LABELS ? label : "other";
        byLabel.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    void chatEvent(ChatEvent event) {
        switch (event) {
            case ChatEvent.ToolCallEvent c -> toolCalls.increment();
            case ChatEvent.ToolResultEvent r when r.error() != null -> toolErrors.increment();
            case ChatEvent.ErrorEvent e -> streamErrors.increment();
            case ChatEvent.Done d -> {
                turns.computeIfAbsent(d.finishReason().wireName(), k -> new LongAdder())
                        .increment();
                Usage u = d.usage() == null ? Usage.ZERO : d.usage();
                completionTokens.add(u.completionTokens());
                promptTokens.add(u.promptTokens());
                generationMs.add(u.generationMs());
            }
            default -> {}
        }
    }

    public String scrape() {
        StringBuilder out = new StringBuilder(2048);
        counter(out, "tether_http_requests_total", "HTTP requests answered, by method and status.");
        new TreeMap<>(requests).forEach((key, n) -> {
            int space = key.indexOf(' ');
            out.append("tether_http_requests_total{method=\"")
                    .append(key, 0, space)
                    .append("\",status=\"")
                    .append(key.substring(space + 1))
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n');
        });
        simple(out, "tether_http_errors_total", "counter", "HTTP responses with a 4xx or 5xx status.", errors.sum());
        counter(out, "tether_chat_turns_total", "Chat turns finished, by finish reason.");
        new TreeMap<>(turns)
                .forEach((reason, n) -> out.append("tether_chat_turns_total{finish_reason=\"")
                        .append(reason)
                        .append("\"} ")
                        .append(n.sum())
                        .append('\n'));
        simple(
                out,
                "tether_chat_stream_errors_total",
                "counter",
                "Error events sent in chat streams.",
                streamErrors.sum());
        simple(out, "tether_tokens_generated_total", "counter", "Completion tokens generated.", completionTokens.sum());
        simple(out, "tether_prompt_tokens_total", "counter", "Prompt tokens processed.", promptTokens.sum());
        simple(
                out,
                "tether_generation_seconds_total",
                "counter",
                "Time spent generating.",
                generationMs.sum() / 1000.0);
        long ms = generationMs.sum();
        simple(
                out,
                "tether_tokens_per_second",
                "gauge",
                "Completion tokens per second of generation, overall.",
                ms == 0 ? 0 : completionTokens.sum() * 1000.0 / ms);
        simple(out, "tether_tool_calls_total", "counter", "Tool calls the models made.", toolCalls.sum());
        simple(out, "tether_tool_errors_total", "counter", "Tool calls that ended in an error.", toolErrors.sum());
        simple(out, "tether_active_turns", "gauge", "Chat turns holding a session now.", activeTurns.getAsInt());
        counter(out, "tether_tool_calls_by_tool_total", "Tool calls the models made, by tool.");
        new TreeMap<>(toolCallsByTool)
                .forEach((tool, n) -> out.append("tether_tool_calls_by_tool_total{tool=\"")
                        .append(Histogram.escape(tool))
                        .append("\"} ")
                        .append(n.sum())
                        .append('\n'));
        requestSeconds.write(out);
        firstTokenSeconds.write(out);
        turnSeconds.write(out);
        toolSeconds.write(out);
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help) {
        header(out, name, "counter", help);
    }

    private static void simple(StringBuilder out, String name, String type, String help, Number value) {
        header(out, name, type, help);
        out.append(name).append(' ').append(value).append('\n');
    }

    /** A metric's {@code # HELP} and {@code # TYPE} lines. */
    static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append('\n')
                .append("# TYPE ")
                .append(name)
                .append(' ')
                .append(type)
                .append('\n');
    }
}
