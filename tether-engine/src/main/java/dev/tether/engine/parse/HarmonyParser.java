package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gpt-oss's harmony format: messages of {@code <|channel|>CHANNEL[ to=RECIPIENT][ <|constrain|>json]<|message|>CONTENT}
 * ended by {@code <|end|>}, {@code <|call|>} or {@code <|return|>}, the next one opened by {@code <|start|>assistant}.
 * The analysis channel is reasoning; final and commentary are the answer; a message to {@code functions.NAME} is a
 * call whose content is the JSON arguments. Messages to the model's built-in tools (python, browser, container) are
 * dropped, as llama.cpp drops them. A recipient written inside a message's content is content, never a call.
 */
final class HarmonyParser extends StreamingParser {

    static final String START = "<|start|>";
    static final String MESSAGE = "<|message|>";
    static final String END = "<|end|>";
    static final String CALL = "<|call|>";
    static final String RETURN = "<|return|>";
    private static final String[] CONTENT_ENDS = {END, CALL, RETURN, START};
    private static final Pattern CHANNEL = Pattern.compile("<\\|channel\\|>\\s*(\\w+)");
    private static final Pattern RECIPIENT = Pattern.compile("to=([^\\s<]+)");
    private static final String FUNCTIONS = "functions.";

    private enum Mode {
        HEADER,
        ANSWER,
        THINK,
        CALL,
        DROP
    }

    private Mode mode = Mode.HEADER;
    private String callName;
    private boolean dropOwnStart; // the message being dropped opened with its own <|start|>

    HarmonyParser(int maxToolChars) {
        super(maxToolChars);
    }

    @Override
    boolean step(List<ModelEvent> out) {
        return switch (mode) {
            case HEADER -> header(out);
            case ANSWER -> content(out, false);
            case THINK -> content(out, true);
            case CALL -> call(out);
            case DROP -> drop();
        };
    }

    @Override
    void end(List<ModelEvent> out) {
        switch (mode) {
            case HEADER -> take(buf.length());
            case ANSWER -> text(out, take(buf.length()));
            case THINK -> thinking(out, take(buf.length()));
            case CALL -> out.add(buf.length() > maxToolChars ? tooLong() : arguments(take(buf.length()), true));
            case DROP -> take(buf.length());
        }
        mode = Mode.HEADER;
        dropOwnStart = false;
    }

    /** A message's header up to {@code <|message|>}; an output that starts with plain text is all answer. */
    private boolean header(List<ModelEvent> out) {
        int ws = leadingWhitespace();
        if (ws == buf.length()) {
            return false;
        }
        for (String stray :
                List.of(END, CALL, RETURN)) { // an end with no message to end: skipped, as closeMessage does
            if (startsWith(ws, stray)) {
                take(ws + stray.length());
                return true;
            }
        }
        if (!startsWith(ws, "<|") && !startsWith(ws, "to=") && !couldStart(ws, "<|") && !couldStart(ws, "to=")) {
            mode = Mode.ANSWER;
            return true;
        }
        int message = Tags.indexOf(buf, MESSAGE, 0);
        if (message < 0 || message > maxToolChars) {
            if (message < 0 && buf.length() <= maxToolChars + MESSAGE.length()) {
                return false;
            }
            out.add(new ModelEvent.InvalidCall(
                    "a harmony message header is longer than parser.max_tool_chars (" + maxToolChars + ")"));
            dropOwnStart = startsWith(ws, START);
            mode = Mode.DROP;
            return true;
        }
        String header = take(message);
        take(MESSAGE.length());
        mode = modeFor(header);
        return true;
    }

    private Mode modeFor(String header) {
        String recipient = null;
        Matcher to = RECIPIENT.matcher(header);
        while (to.find() && recipient == null) {
            recipient = to.group(1).equals("assistant") ? null : to.group(1);
        }
        if (recipient != null) {
            callName = recipient.startsWith(FUNCTIONS) ? recipient.substring(FUNCTIONS.length()) : null;
            return callName == null || callName.isEmpty() ? Mode.DROP : Mode.CALL;
        }
        String channel = "final";
        Matcher channels = CHANNEL.matcher(header);
        while (channels.find()) {
            channel = channels.group(1);
        }
        return channel.equals("analysis") ? Mode.THINK : Mode.ANSWER;
    }

    private boolean content(List<ModelEvent> out, boolean reasoning) {
        int end = firstEnd();
        String part = take(end < 0 ? Tags.holdFrom(buf, 0, CONTENT_ENDS) : end);
        if (reasoning) {
            thinking(out, part);
        } else {
            text(out, part);
        }
        return end >= 0 && closeMessage();
    }

    private boolean call(List<ModelEvent> out) {
        int end = firstEnd();
        if (end < 0) {
            if (Tags.holdFrom(buf, 0, CONTENT_ENDS) <= maxToolChars) {
                return false;
            }
            out.add(tooLong());
            mode = Mode.DROP;
            return true;
        }
        out.add(end > maxToolChars ? tooLong() : arguments(take(end), false));
        return closeMessage();
    }

    /** Drops a message; the {@code <|start|>} of an over-long header it drops is not the next message's. */
    private boolean drop() {
        if (dropOwnStart) { // decided once, when the drop began: however the output is chunked, it is complete then
            dropOwnStart = false;
            take(leadingWhitespace() + START.length());
        }
        int end = firstEnd();
        take(end < 0 ? Tags.holdFrom(buf, 0, CONTENT_ENDS) : end);
        return end >= 0 && closeMessage();
    }

    /** Consumes the marker that ended a message ({@code <|start|>} stays: it opens the next header). */
    private boolean closeMessage() {
        if (!startsWith(0, START)) {
            for (String marker : List.of(END, CALL, RETURN)) {
                if (startsWith(0, marker)) {
                    take(marker.length());
                }
            }
        }
        mode = Mode.HEADER;
        return true;
    }

    private int firstEnd() {
        Tags.Hit end = Tags.first(buf, CONTENT_ENDS);
        return end == null ? -1 : end.at();
    }

    private ModelEvent arguments(String json, boolean outputEnded) {
        String body = json.strip();
        JsonNode args = body.isEmpty()
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : NativeCalls.read(body).orElse(null);
        if (args == null || !args.isObject()) {
            return new ModelEvent.InvalidCall(
                    outputEnded && args == null
                            ? "tool call to " + callName + " never closed (output ended inside its arguments)"
                            : "arguments of " + callName + " are not a JSON object");
        }
        return new ModelEvent.Call(callName, (ObjectNode) args);
    }
}
