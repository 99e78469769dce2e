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
        AFTER_MARKER,
        PAYLOAD
    }

    private Mode mode = Mode.TEXT;

    SeedParser(int maxToolChars) {
        super(maxToolChars);
    }

    @Override
    boolean step(List<ModelEvent> out) {
        return switch (mode) {
            case TEXT -> text(out);
            case AFTER_MARKER -> afterMarker(out);
            case PAYLOAD -> payload(out);
        };
    }

    @Override
    void end(List<ModelEvent> out) {
        switch (mode) {
            case TEXT -> text(out, take(buf.length()));
            case AFTER_MARKER -> out.add(new ModelEvent.InvalidCall("tool call marker without a JSON payload"));
            case PAYLOAD ->
                out.add(new ModelEvent.InvalidCall("tool call never closed (output ended inside its JSON)"));
        }
        mode = Mode.TEXT;
    }

    private boolean text(List<ModelEvent> out) {
        Found found = textOrThink(out, MARKER);
        if (found == Found.CALL) {
            mode = Mode.AFTER_MARKER;
        }
        return found != Found.NOTHING;
    }

    private boolean afterMarker(List<ModelEvent> out) {
        int i = leadingWhitespace();
        if (i == buf.length()) {
            return false;
        }
        if (buf.charAt(i) == '{') {
            take(i);
            openJson();
            mode = Mode.PAYLOAD;
        } else {
            text(out, MARKER + take(i));
            mode = Mode.TEXT;
        }
        return true;
    }

    private boolean payload(List<ModelEvent> out) {
        if (!readJson(out)) {
            return false;
        }
        if (jsonText != null) {
            out.add(ToolCalls.parse(jsonText, "arguments"));
        }
        mode = Mode.TEXT;
        return true;
    }
}
