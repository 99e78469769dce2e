package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.List;

/**
 * The seed protocol: {@code <<function_call>>} followed by one JSON object {@code {"name", "arguments"}}, anywhere
 * in the output, plus {@code <think>…</think>} reasoning. Text that cannot start a marker is emitted at once; a
 * marker followed by something other than JSON is ordinary text again.
 */
final class SeedParser extends StreamingParser {

    static final String MARKER = "<<function_call>>";

    private enum Mode {
        TEXT,
        THINK,
        AFTER_MARKER,
        PAYLOAD,
        SKIP
    }

    private Mode mode = Mode.TEXT;
    private JsonScanner scanner;

    SeedParser(int maxToolChars) {
        super(maxToolChars);
    }

    @Override
    boolean step(List<ModelEvent> out) {
        return switch (mode) {
            case TEXT -> text(out);
            case THINK -> think(out);
            case AFTER_MARKER -> afterMarker(out);
            case PAYLOAD -> payload(out);
            case SKIP -> skip();
        };
    }

    @Override
    void end(List<ModelEvent> out) {
        switch (mode) {
            case TEXT -> text(out, take(buf.length()));
            case THINK -> thinking(out, take(buf.length()));
            case AFTER_MARKER -> out.add(new ModelEvent.InvalidCall("tool call marker without a JSON payload"));
            case PAYLOAD ->
                out.add(new ModelEvent.InvalidCall("tool call never closed (output ended inside its JSON)"));
            case SKIP -> {}
        }
        mode = Mode.TEXT;
    }

    private boolean text(List<ModelEvent> out) {
        return switch (textUntil(out, MARKER)) {
            case NOTHING -> false;
            case CALL -> {
                mode = Mode.AFTER_MARKER;
                yield true;
            }
            case THINK -> {
                mode = Mode.THINK;
                yield true;
            }
        };
    }

    private boolean think(List<ModelEvent> out) {
        if (!thinkUntilClose(out)) {
            return false;
        }
        mode = Mode.TEXT;
        return true;
    }

    private boolean afterMarker(List<ModelEvent> out) {
        int i = leadingWhitespace();
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

    private boolean payload(List<ModelEvent> out) {
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

    private boolean skip() {
        if (!dropJson(scanner)) {
            return false;
        }
        mode = Mode.TEXT;
        return true;
    }
}
