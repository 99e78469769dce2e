package dev.tether.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Writes one answer's events: the answer's text as it streams (word-wrapped on a terminal) to the screen's answer
 * output; reasoning (dim, then a dim {@code Thought for N s} line when it ends), tool calls and results on their own
 * bracketed lines, errors, and the answer's figures (tokens, tokens/s, time to first token) to the rest.
 */
final class EventPrinter {

    private final TextOut answer;
    private final TextOut chatter;
    private final Screen screen;
    private final long startedNanos = System.nanoTime();
    private long firstTokenNanos = -1;
    private boolean thinking;
    private long thinkingSince;
    private final String previousModel;
    private String model; // the model that wrote this answer, from its message_stored event

    /** {@code previousModel}: the model of the answer before, so that this one names its own when it differs. */
    EventPrinter(Screen screen, String previousModel) {
        this.previousModel = previousModel;
        this.screen = screen;
        this.answer = screen.answer();
        this.chatter = screen.chatter();
    }

    void event(String type, JsonNode data) {
        switch (type) {
            case "token" -> text(data.path("text").asText(), false);
            case "think" -> text(data.path("text").asText(), true);
            case "tool_call" -> line(ToolLines.call(data));
            case "tool_result" -> line(ToolLines.result(data));
            case "tool_progress" -> line("[progress] " + data.path("tool_name").asText() + " " + progress(data));
            case "tool_approval" -> {
                line(ToolLines.approval(data));
                chatter.ask("  Allow it? [y: once / a: in this chat / N] ");
            }
            case "message_stored" -> {
                if (data.hasNonNull("model")) {
                    model = data.path("model").asText();
                }
            }
            case "context_compacted" -> line(compacted(data));
            case "error" -> line("[error] " + data.path("message").asText());
            case "done" -> done(data);
            default -> {} // an event type newer than this client: nothing to show
        }
    }

    private void text(String text, boolean think) {
        if (firstTokenNanos < 0) {
            firstTokenNanos = System.nanoTime();
        }
        if (think != thinking) {
            if (think) {
                screen.endLines();
                thinking = true;
                thinkingSince = System.nanoTime();
                screen.dimOn();
                chatter.text("[thinking] ");
            } else {
                endThinking();
            }
        }
        (think ? chatter : answer).text(text);
    }

    /** A reasoning run ended: its dim text is closed and its length told. */
    private void endThinking() {
        screen.endLines();
        if (thinking) {
            thinking = false;
            screen.dimOff();
            chatter.line(screen.dim("Thought for " + seconds(System.nanoTime() - thinkingSince) + " s"));
        }
    }

    /** Whole seconds, at least 1: "Thought for 0 s" reads as nothing happened. */
    static long seconds(long nanos) {
        return Math.max(1, Math.round(nanos / 1e9));
    }

    private void line(String text) {
        endThinking();
        chatter.line("  " + text);
    }

    /** A line about the answer that is not part of it (a failure the caller saw). */
    void note(String text) {
        endThinking();
        chatter.line(text);
    }

    private void done(JsonNode data) {
        endThinking();
        String reason = data.path("finish_reason").asText();
        if (!reason.equals("stop")) {
            chatter.line("[finished: " + reason + "]");
        }
        chatter.line("(" + figures(data.path("usage")) + ")");
    }

    private String figures(JsonNode usage) {
        long tokens = usage.path("completion_tokens").asLong();
        long genMs = usage.path("generation_ms").asLong();
        long totalMs = (System.nanoTime() - startedNanos) / 1_000_000;
        StringBuilder s = new StringBuilder();
        if (model != null && !model.equals(previousModel)) {
            s.append("model ").append(model).append(", ");
        }
        s.append(tokens).append(tokens == 1 ? " token" : " tokens");
        if (tokens > 0 && genMs > 0) {
            s.append(String.format(Locale.ROOT, ", %.1f tok/s", tokens * 1000.0 / genMs));
        }
        if (firstTokenNanos >= 0) {
            s.append(", first token ")
                    .append((firstTokenNanos - startedNanos) / 1_000_000)
                    .append(" ms");
        }
        return s.append(", ").append(totalMs).append(" ms").toString();
    }

    /** The model that wrote this answer, once the server said. */
    java.util.Optional<String> model() {
        return java.util.Optional.ofNullable(model);
    }

    /** The line that says the oldest turns were summarized into a note. */
    static String compacted(JsonNode data) {
        int turns = data.path("turns").asInt();
        return "[context] the oldest " + turns + (turns == 1 ? " turn" : " turns") + " (about "
                + data.path("tokens").asInt() + " tokens) were summarized into a note; the note now covers the first "
                + data.path("covers").asInt() + " messages";
    }

    /** Ends a line cut short by Ctrl-C. */
    void interrupted() {
        note("[stopped]");
    }

    /** {@code 2/5 (40%) message}, or {@code 2} when the tool does not know its total. */
    static String progress(JsonNode data) {
        double done = data.path("progress").asDouble();
        StringBuilder s = new StringBuilder(number(done));
        if (data.path("total").isNumber() && data.path("total").asDouble() > 0) {
            double total = data.path("total").asDouble();
            s.append('/')
                    .append(number(total))
                    .append(" (")
                    .append(Math.round(100 * done / total))
                    .append("%)");
        }
        if (data.hasNonNull("message")) {
            s.append(' ').append(data.path("message").asText());
        }
        return s.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
