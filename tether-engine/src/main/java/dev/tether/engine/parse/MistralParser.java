package dev.tether.engine.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mistral tool calls: {@code [TOOL_CALLS]} followed by a JSON list of {@code {"name", "arguments", "id"}} (Mistral
 * 7B v0.3, Nemo), or by {@code NAME[ARGS]{…}} with an optional {@code [CALL_ID]ID} (newer tokenizers); ids are read
 * past, as the tool loop gives each call its own. Reasoning between {@code [THINK]} and {@code [/THINK]} (Magistral,
 * Ministral 3 Reasoning), where a call stays reasoning.
 */
final class MistralParser extends StreamingParser {

    static final String TOOL_CALLS = "[TOOL_CALLS]";
    static final String ARGS = "[ARGS]";
    static final String CALL_ID = "[CALL_ID]";
    static final String THINK = "[THINK]";
    static final String THINK_END = "[/THINK]";
    private static final Pattern NAME_AND_ID = Pattern.compile("([\\w.-]+)(?:\\[CALL_ID][\\w.-]+)?");

    private enum Mode {
        TEXT,
        AFTER_TAG,
        JSON,
        NAMED
    }

    private Mode mode = Mode.TEXT;
    /** For the named form: the tool's name, read before its arguments. */
    private String name;

    MistralParser(int maxToolChars) {
        super(maxToolChars);
    }

    @Override
    boolean step(List<ModelEvent> out) {
        return switch (mode) {
            case TEXT -> text(out);
            case AFTER_TAG -> afterTag(out);
            case JSON -> json(out);
            case NAMED -> named(out);
        };
    }

    @Override
    void end(List<ModelEvent> out) {
        switch (mode) {
            case TEXT -> text(out, take(buf.length()));
            case AFTER_TAG -> out.add(new ModelEvent.InvalidCall("[TOOL_CALLS] without tool calls"));
            case JSON -> out.add(new ModelEvent.InvalidCall("tool call never closed (output ended inside it)"));
            case NAMED -> {
                out.add(new ModelEvent.InvalidCall("[TOOL_CALLS] is not followed by tool calls"));
                text(out, take(buf.length()));
            }
        }
        mode = Mode.TEXT;
    }

    private boolean text(List<ModelEvent> out) {
        String tag = textUntil(out, TOOL_CALLS, THINK);
        if (tag == null) {
            return false;
        }
        if (tag.equals(THINK)) {
            reasonUntil(THINK_END); // a [TOOL_CALLS] inside the reasoning is part of it
        } else {
            mode = Mode.AFTER_TAG;
        }
        return true;
    }

    private boolean afterTag(List<ModelEvent> out) {
        int ws = leadingWhitespace();
        if (ws == buf.length()) {
            return false;
        }
        take(ws);
        char c = buf.charAt(0);
        if (c == '[' || c == '{') {
            openJson();
            mode = Mode.JSON;
        } else if (isNameChar(c)) {
            name = null;
            mode = Mode.NAMED;
        } else {
            out.add(new ModelEvent.InvalidCall("[TOOL_CALLS] is not followed by tool calls"));
            mode = Mode.TEXT;
        }
        return true;
    }

    private boolean json(List<ModelEvent> out) {
        if (!readJson(out)) {
            return false;
        }
        if (jsonText != null && name != null) {
            String callName = name;
            out.add(NativeCalls.read(jsonText)
                    .filter(JsonNode::isObject)
                    .<ModelEvent>map(node -> new ModelEvent.Call(callName, (ObjectNode) node))
                    .orElseGet(() -> new ModelEvent.InvalidCall("tool call arguments are not a JSON object")));
        } else if (jsonText != null) {
            out.addAll(NativeCalls.calls(jsonText));
        }
        name = null;
        mode = Mode.TEXT;
        return true;
    }

    /** {@code NAME[CALL_ID]ID[ARGS]}: reads the name, then the arguments object as JSON. */
    private boolean named(List<ModelEvent> out) {
        int args = Tags.indexOf(buf, ARGS, 0);
        int known = Math.min(args < 0 ? buf.length() : args, maxToolChars + 1);
        for (int i = 0; i < known; i++) {
            char c = buf.charAt(i);
            if (!isNameChar(c) && c != '[' && c != ']') {
                out.add(new ModelEvent.InvalidCall("[TOOL_CALLS] is not followed by tool calls"));
                mode = Mode.TEXT;
                return true;
            }
        }
        if (args < 0 ? Tags.holdFrom(buf, 0, ARGS) > maxToolChars : args > maxToolChars) {
            out.add(tooLong());
            mode = Mode.TEXT;
            return true;
        }
        if (args < 0) {
            return false;
        }
        Matcher head = NAME_AND_ID.matcher(take(args));
        take(ARGS.length());
        if (!head.matches()) {
            out.add(new ModelEvent.InvalidCall("[TOOL_CALLS] is not followed by a tool name"));
            mode = Mode.TEXT;
            return true;
        }
        name = head.group(1);
        openJson();
        mode = Mode.JSON;
        return true;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }
}
