package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The buffer and step loop the native-format parsers share: each {@link #step} consumes what is certain from the
 * front of {@link #buf} and says whether it made progress; {@link #finish} lets the subclass flush its state. Two
 * states every format needs are kept here, ahead of the subclass's own: reasoning begun by {@link #reasonUntil}, and
 * the rest of an over-long JSON value {@link #readJson} drops.
 */
abstract class StreamingParser implements ToolCallParser {

    final int maxToolChars;
    final StringBuilder buf = new StringBuilder();
    /** The JSON value {@link #readJson} finished: its text, or null when it was too long. */
    String jsonText;

    private JsonScanner scanner;
    /** Whether the rest of an over-long JSON value is being dropped, before any step. */
    private boolean dropping;
    /** While reasoning: the tag that closes it; its text is emitted as thinking before any step. */
    private String reasoningClose;

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
        if (reasoningClose != null) {
            thinking(out, take(buf.length()));
            reasoningClose = null;
        }
        end(out);
        buf.setLength(0);
        dropping = false;
        return out;
    }

    private void drain(List<ModelEvent> out) {
        while (advance(out)) {
            // each step consumed something or changed mode
        }
    }

    private boolean advance(List<ModelEvent> out) {
        if (dropping) {
            return dropJson();
        }
        if (reasoningClose != null) {
            boolean closed = through(reasoningClose, s -> thinking(out, s));
            if (closed) {
                reasoningClose = null;
            }
            return closed;
        }
        return step(out);
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

    /**
     * Emits the text before the first of {@code tags} and consumes that tag, returning it; when none is in the
     * buffer, emits all text but a possible tag prefix and returns null.
     */
    String textUntil(List<ModelEvent> out, String... tags) {
        Tags.Hit hit = Tags.first(buf, tags);
        if (hit == null) {
            text(out, take(Tags.holdFrom(buf, 0, tags)));
            return null;
        }
        text(out, take(hit.at()));
        take(hit.tag().length());
        return hit.tag();
    }

    /**
     * Reasoning has begun: what follows, up to {@code close}, is emitted as thinking before the next step (so a call
     * written inside the reasoning stays reasoning), and {@code close} is consumed.
     */
    void reasonUntil(String close) {
        reasoningClose = close;
    }

    /** What {@link #textOrThink} stopped at. */
    enum Found {
        NOTHING,
        CALL,
        THINK
    }

    /**
     * Emits the text before the first {@code callTag} or {@code <think>} and consumes that tag, reasoning until
     * {@code </think>} after the latter; when neither is in the buffer, emits all text but a possible tag prefix.
     */
    Found textOrThink(List<ModelEvent> out, String callTag) {
        String tag = textUntil(out, callTag, THINK_OPEN);
        if (tag == null) {
            return Found.NOTHING;
        }
        if (tag.equals(THINK_OPEN)) {
            reasonUntil(THINK_CLOSE);
            return Found.THINK;
        }
        return Found.CALL;
    }

    /** Drops the buffer up to and including {@code close} (true), or all but a possible prefix of it (false). */
    boolean dropThrough(String close) {
        return through(close, s -> {});
    }

    private boolean through(String tag, Consumer<String> sink) {
        int at = Tags.indexOf(buf, tag, 0);
        if (at < 0) {
            sink.accept(take(Tags.holdFrom(buf, 0, tag)));
            return false;
        }
        sink.accept(take(at));
        take(tag.length());
        return true;
    }

    /** Starts reading a JSON object or array that begins at the front of {@link #buf}. */
    void openJson() {
        scanner = new JsonScanner();
    }

    /**
     * Reads the JSON value begun by {@link #openJson}: false while it is incomplete. True once it is complete, with
     * its text in {@link #jsonText}, or once it is longer than max_tool_chars: then it is reported, {@link #jsonText} is
     * null, and the rest of the value is dropped before the next step.
     */
    boolean readJson(List<ModelEvent> out) {
        int end = scanner.scan(buf);
        if (end < 0) {
            if (scanner.scanned() <= maxToolChars) {
                return false;
            }
            dropping = true;
            jsonText = null;
        } else {
            String value = take(end);
            jsonText = end > maxToolChars ? null : value;
        }
        if (jsonText == null) {
            out.add(tooLong());
        }
        return true;
    }

    /**
     * Drops the rest of an over-long JSON value without keeping it in memory: true once its end was consumed,
     * false when more text is needed.
     */
    private boolean dropJson() {
        int end = scanner.scan(buf);
        if (end > 0) {
            take(end);
            dropping = false;
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
