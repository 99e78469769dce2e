package dev.tether.engine.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed protocol: {@code <<function_call>>} followed by one JSON object {@code {"name", "arguments"}}, anywhere
 * in the output, plus {@code <think>…</think>} reasoning. Text that cannot start a marker is emitted at once; a
 * marker followed by something other than JSON is ordinary text again.
 */
final class SeedParser implements ToolCallParser {

    static final String MARKER = "<<function_call>>";
    static final String THINK_OPEN = "<think>";
    static final String THINK_CLOSE = "</think>";

    private enum Mode { TEXT, THINK, AFTER_MARKER, PAYLOAD, SKIP }

    private final int maxToolChars;
    private final StringBuilder buf = new StringBuilder();
    private Mode mode = Mode.TEXT;
    private JsonScanner scanner;

    SeedParser(int maxToolChars) {
        this.maxToolChars = maxToolChars;
    }

    @Override
    public List<ParseEvent> feed(String chunk) {
        buf.append(chunk);
        List<ParseEvent> out = new ArrayList<>(2);
        drain(out);
        return out;
    }

    @Override
    public List<ParseEvent> finish() {
        List<ParseEvent> out = new ArrayList<>(2);
        drain(out);
        switch (mode) {
            case TEXT -> text(out, take(buf.length()));
            case THINK -> thinking(out, take(buf.length()));
            case AFTER_MARKER -> out.add(new ParseEvent.Invalid("tool call marker without a JSON payload"));
            case PAYLOAD -> out.add(new ParseEvent.Invalid("tool call never closed (output ended inside its JSON)"));
            case SKIP -> { }
        }
        buf.setLength(0);
        mode = Mode.TEXT;
        return out;
    }

    private void drain(List<ParseEvent> out) {
        boolean progress = true;
        while (progress) {
            progress = switch (mode) {
                case TEXT -> text(out);
                case THINK -> think(out);
                case AFTER_MARKER -> afterMarker(out);
                case PAYLOAD -> payload(out);
                case SKIP -> skip();
            };
        }
    }

    private boolean text(List<ParseEvent> out) {
        int marker = Tags.indexOf(buf, MARKER, 0);
        int think = Tags.indexOf(buf, THINK_OPEN, 0);
        if (marker < 0 && think < 0) {
            text(out, take(Tags.holdFrom(buf, 0, MARKER, THINK_OPEN)));
            return false;
        }
        boolean isMarker = think < 0 || (marker >= 0 && marker < think);
        int at = isMarker ? marker : think;
        text(out, take(at));
        take(isMarker ? MARKER.length() : THINK_OPEN.length());
        mode = isMarker ? Mode.AFTER_MARKER : Mode.THINK;
        return true;
    }

    private boolean think(List<ParseEvent> out) {
        int close = Tags.indexOf(buf, THINK_CLOSE, 0);
        if (close < 0) {
            thinking(out, take(Tags.holdFrom(buf, 0, THINK_CLOSE)));
            return false;
        }
        thinking(out, take(close));
        take(THINK_CLOSE.length());
        mode = Mode.TEXT;
        return true;
    }

    private boolean afterMarker(List<ParseEvent> out) {
        int i = 0;
        while (i < buf.length() && Character.isWhitespace(buf.charAt(i))) {
            i++;
        }
        if (i == buf.length()) {
            return false;
        }
        if (buf.charAt(i) == '{') {
            take(i);
            scanner = new JsonScanner();
            mode = Mode.PAYLOAD;
        } else {
            text(out, MARKER + take(i));
            mode = Mode.TEXT;
        }
        return true;
    }

    private boolean payload(List<ParseEvent> out) {
        int end = scanner.scan(buf);
        if (end > 0) {
            String json = take(end);
            out.add(end > maxToolChars ? tooLong() : ToolCalls.parse(json, "arguments"));
            mode = Mode.TEXT;
            return true;
        }
        if (scanner.scanned() > maxToolChars) {
            out.add(tooLong());
            mode = Mode.SKIP;
            return true;
        }
        return false;
    }

    /** Drops the rest of an over-long payload without keeping it in memory. */
    private boolean skip() {
        int end = scanner.scan(buf);
        if (end > 0) {
            take(end);
            mode = Mode.TEXT;
            return true;
        }
        scanner.discard(buf.length());
        buf.setLength(0);
        return false;
    }

    private ParseEvent tooLong() {
        return new ParseEvent.Invalid("tool call is longer than parser.max_tool_chars (" + maxToolChars + ")");
    }

    private String take(int n) {
        String s = buf.substring(0, n);
        buf.delete(0, n);
        return s;
    }

    private static void text(List<ParseEvent> out, String s) {
        if (!s.isEmpty()) {
            out.add(new ParseEvent.Text(s));
        }
    }

    private static void thinking(List<ParseEvent> out, String s) {
        if (!s.isEmpty()) {
            out.add(new ParseEvent.Thinking(s));
        }
    }
}
