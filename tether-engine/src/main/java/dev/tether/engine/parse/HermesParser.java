package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.List;

/**
 * Hermes / Qwen 2.5 tool calls: {@code <tool_call>{"name": …, "arguments": {…}}</tool_call>}, repeated for parallel
 * calls, possibly after {@code <think>…</think>} reasoning.
 */
final class HermesParser extends StreamingParser {

    static final String OPEN = "<tool_call>";
    static final String CLOSE = "</tool_call>";

    private enum Mode {
        TEXT,
        CALL,
        SKIP
    }

    private Mode mode = Mode.TEXT;

    HermesParser(int maxToolChars) {
        super(maxToolChars);
    }

    @Override
    boolean step(List<ModelEvent> out) {
        return switch (mode) {
            case TEXT -> text(out);
            case CALL -> call(out);
            case SKIP -> skip();
        };
    }

    @Override
    void end(List<ModelEvent> out) {
        switch (mode) {
            case TEXT -> text(out, take(buf.length()));
            case CALL -> out.add(unclosed(buf.toString()));
            case SKIP -> {}
        }
        mode = Mode.TEXT;
    }

    private boolean text(List<ModelEvent> out) {
        Found found = textOrThink(out, OPEN);
        if (found == Found.CALL) {
            mode = Mode.CALL;
        }
        return found != Found.NOTHING;
    }

    private boolean call(List<ModelEvent> out) {
        int close = Tags.indexOf(buf, CLOSE, 0);
        if (close >= 0) {
            String payload = take(close);
            take(CLOSE.length());
            out.add(close > maxToolChars ? tooLong() : NativeCalls.call(payload.strip()));
            mode = Mode.TEXT;
            return true;
        }
        if (Tags.holdFrom(buf, 0, CLOSE) > maxToolChars) {
            out.add(tooLong());
            mode = Mode.SKIP;
            return true;
        }
        return false;
    }

    /** Drops the rest of an over-long call up to its closing tag, keeping only a possible tag prefix. */
    private boolean skip() {
        if (!dropThrough(CLOSE)) {
            return false;
        }
        mode = Mode.TEXT;
        return true;
    }

    /** Small models sometimes stop right after the JSON: a complete call is still a call. */
    private static ModelEvent unclosed(String payload) {
        return NativeCalls.read(payload.strip())
                .filter(NativeCalls::looksLikeCall)
                .map(NativeCalls::call)
                .orElseGet(
                        () -> new ModelEvent.InvalidCall("tool call never closed (output ended inside <tool_call>)"));
    }
}
