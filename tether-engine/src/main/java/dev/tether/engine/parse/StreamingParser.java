package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The buffer and step loop the native-format parsers share: each {@link #step} consumes what is certain from the
 * front of {@link #buf} and says whether it made progress; {@link #finish} lets the subclass flush its state.
 */
abstract class StreamingParser implements ToolCallParser {

    final int maxToolChars;
    final StringBuilder buf = new StringBuilder();

    StreamingParser(int maxToolChars) {
        this.maxToolChars = maxToolChars;
    }

    /** Consumes what is certain; false when more text is needed. */
    abstract boolean step(List<ModelEvent> out);

    /** The output ended: flush or report what is left in {@link #buf}. */
    abstract void end(List<ModelEvent> out);

    @Override
    public final List<ModelEvent> feed(String chunk) {
        buf.append(chunk);
        List<ModelEvent> out = new ArrayList<>(2);
        drain(out);
        return out;
    }

    @Override
    public final List<ModelEvent> finish() {
        List<ModelEvent> out = new ArrayList<>(2);
        drain(out);
        end(out);
        buf.setLength(0);
        return out;
    }

    private void drain(List<ModelEvent> out) {
        while (step(out)) {
            // each step consumed something or changed mode
        }
    }

    String take(int n) {
        String s = buf.substring(0, n);
        buf.delete(0, n);
        return s;
    }

    /** The number of leading whitespace characters in {@link #buf}. */
    int leadingWhitespace() {
        int i = 0;
        while (i < buf.length() && Character.isWhitespace(buf.charAt(i))) {
            i++;
        }
        return i;
    }

    boolean startsWith(int from, String tag) {
        return buf.length() - from >= tag.length() && buf.indexOf(tag, from) == from;
    }

    /** True when {@code buf[from..]} is a proper, non-empty prefix of {@code tag}: wait for more text. */
    boolean couldStart(int from, String tag) {
        int n = buf.length() - from;
        if (n <= 0 || n >= tag.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf.charAt(from + i) != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static final String THINK_OPEN = "<think>";
    static final String THINK_CLOSE = "</think>";

    /** What {@link #textUntil} stopped at. */
    enum Found {
        NOTHING,
        CALL,
        THINK
    }

    /**
     * Emits the text before the first {@code callTag} or {@code <think>} and consumes that tag; when neither is in
     * the buffer, emits all text but a possible tag prefix and returns {@link Found#NOTHING}.
     */
    Found textUntil(List<ModelEvent> out, String callTag) {
        int call = Tags.indexOf(buf, callTag, 0);
        int think = Tags.indexOf(buf, THINK_OPEN, 0);
        if (call < 0 && think < 0) {
            text(out, take(Tags.holdFrom(buf, 0, callTag, THINK_OPEN)));
            return Found.NOTHING;
        }
        boolean isCall = think < 0 || (call >= 0 && call < think);
        text(out, take(isCall ? call : think));
        take(isCall ? callTag.length() : THINK_OPEN.length());
        return isCall ? Found.CALL : Found.THINK;
    }

    /** Emits reasoning up to {@code </think>} and consumes it (true), or all but a possible prefix of it (false). */
    boolean thinkUntilClose(List<ModelEvent> out) {
        int close = Tags.indexOf(buf, THINK_CLOSE, 0);
        if (close < 0) {
            thinking(out, take(Tags.holdFrom(buf, 0, THINK_CLOSE)));
            return false;
        }
        thinking(out, take(close));
        take(THINK_CLOSE.length());
        return true;
    }

    /**
     * Drops the rest of an over-long JSON value without keeping it in memory: true once its end was consumed,
     * false when more text is needed.
     */
    boolean dropJson(JsonScanner scanner) {
        int end = scanner.scan(buf);
        if (end > 0) {
            take(end);
            return true;
        }
        scanner.discard(buf.length());
        buf.setLength(0);
        return false;
    }

    ModelEvent tooLong() {
        return new ModelEvent.InvalidCall("tool call is longer than parser.max_tool_chars (" + maxToolChars + ")");
    }

    static void text(List<ModelEvent> out, String s) {
        if (!s.isEmpty()) {
            out.add(new ModelEvent.Text(s));
        }
    }

    static void thinking(List<ModelEvent> out, String s) {
        if (!s.isEmpty()) {
            out.add(new ModelEvent.Thinking(s));
        }
    }
}
