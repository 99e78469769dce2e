package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.model.ModelEvent;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Llama 3.1+ tool calls: a bare JSON object {@code {"name": …, "parameters": {…}}} at the start of the answer,
 * optionally after {@code <|python_tag|>}, several separated by {@code ;} or newlines. An answer that merely starts
 * with JSON (not shaped like a call) is ordinary text; after {@code <|python_tag|>}, JSON that is not a call is an
 * error.
 */
final class Llama3Parser extends StreamingParser {

    static final String PYTHON_TAG = "<|python_tag|>";
    private static final Pattern CALL_START = Pattern.compile("\\s*\\{\\s*\"name\"\\s*:.*", Pattern.DOTALL);

    private enum Mode {
        START,
        TEXT,
        AFTER_TAG,
        JSON,
        BETWEEN
    }

    private Mode mode = Mode.START;
    /** Whether the JSON being read came after a python tag or a previous call, rather than as a bare answer. */
    private boolean expectCall;
    /** Whitespace before a bare JSON answer, kept in case the JSON turns out to be text. */
    private String leading = "";

    Llama3Parser(int maxToolChars) {
        super(maxToolChars);
    }

    @Override
    boolean step(List<ModelEvent> out) {
        return switch (mode) {
            case START -> start(out);
            case TEXT -> text(out);
            case AFTER_TAG -> afterTag();
            case JSON -> json(out);
            case BETWEEN -> between(out);
        };
    }

    @Override
    void end(List<ModelEvent> out) {
        switch (mode) {
            case START, TEXT -> text(out, take(buf.length()));
            case JSON -> unclosed(out);
            case BETWEEN -> text(out, take(buf.length()).replaceFirst("^[\\s;]+", ""));
            case AFTER_TAG -> {}
        }
        mode = Mode.START;
    }

    private boolean start(List<ModelEvent> out) {
        int ws = leadingWhitespace();
        if (ws == buf.length() || couldStart(ws, PYTHON_TAG)) {
            return false;
        }
        if (startsWith(ws, PYTHON_TAG)) {
            take(ws + PYTHON_TAG.length());
            mode = Mode.AFTER_TAG;
        } else if (buf.charAt(ws) == '{') {
            leading = take(ws);
            openJson(false);
        } else {
            mode = Mode.TEXT;
        }
        return true;
    }

    private boolean text(List<ModelEvent> out) {
        if (textUntil(out, PYTHON_TAG) == null) {
            return false;
        }
        mode = Mode.AFTER_TAG;
        return true;
    }

    /** After the python tag comes a call; anything else is text (the tag itself is a special token, dropped). */
    private boolean afterTag() {
        int ws = leadingWhitespace();
        if (ws == buf.length()) {
            return false;
        }
        take(ws);
        if (buf.charAt(0) == '{') {
            openJson(true);
        } else {
            mode = Mode.TEXT;
        }
        return true;
    }

    private void openJson(boolean afterMarker) {
        openJson();
        expectCall = afterMarker;
        mode = Mode.JSON;
    }

    private boolean json(List<ModelEvent> out) {
        if (!readJson(out)) {
            return false;
        }
        mode = Mode.BETWEEN;
        if (jsonText != null) {
            Optional<JsonNode> node = NativeCalls.read(jsonText);
            if (expectCall || node.filter(NativeCalls::looksLikeCall).isPresent()) {
                out.add(node.map(NativeCalls::call)
                        .orElseGet(() -> new ModelEvent.InvalidCall("tool call is not valid JSON")));
            } else {
                text(out, leading + jsonText);
                mode = Mode.TEXT;
            }
        }
        leading = "";
        return true;
    }

    /** Between calls: separators are dropped; another call, a python tag, or text may follow. */
    private boolean between(List<ModelEvent> out) {
        int i = 0;
        while (i < buf.length() && (Character.isWhitespace(buf.charAt(i)) || buf.charAt(i) == ';')) {
            i++;
        }
        if (i == buf.length() || couldStart(i, PYTHON_TAG)) {
            return false;
        }
        take(i);
        if (startsWith(0, PYTHON_TAG)) {
            take(PYTHON_TAG.length());
            mode = Mode.AFTER_TAG;
        } else if (buf.charAt(0) == '{') {
            openJson(true);
        } else {
            mode = Mode.TEXT;
        }
        return true;
    }

    /** The output ended inside JSON: an error if it was a call, text if it was a bare answer. */
    private void unclosed(List<ModelEvent> out) {
        String rest = take(buf.length());
        if (expectCall || CALL_START.matcher(rest).matches()) {
            out.add(new ModelEvent.InvalidCall("tool call never closed (output ended inside its JSON)"));
        } else {
            text(out, leading + rest);
        }
        leading = "";
    }
}
