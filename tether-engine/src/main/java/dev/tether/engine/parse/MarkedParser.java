package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The parser of a {@link MarkedSyntax}. Text is emitted as soon as it cannot be the start of a marker; reasoning
 * looks only for its own close marker, so a call written inside the reasoning stays reasoning (as llama.cpp
 * treats it).
 */
class MarkedParser extends StreamingParser {

    private enum Mode {
        TEXT,
        CALL,
        SKIP
    }

    private final MarkedSyntax syntax;
    private final String[] textMarkers;
    private Mode mode;

    MarkedParser(MarkedSyntax syntax, int maxToolChars) {
        super(maxToolChars);
        this.syntax = syntax;
        List<String> markers = new ArrayList<>(syntax.dropped());
        syntax.reasoning().forEach(r -> markers.add(r.open()));
        markers.add(syntax.callOpen());
        this.textMarkers = markers.toArray(String[]::new);
        this.mode = syntax.keepClose() ? Mode.CALL : Mode.TEXT;
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
            case CALL ->
                out.addAll(
                        syntax.callClose() == null || syntax.keepClose()
                                ? decode(take(buf.length()))
                                : unclosed(take(buf.length())));
            case SKIP -> {}
        }
        mode = Mode.TEXT;
    }

    private boolean text(List<ModelEvent> out) {
        String marker = textUntil(out, textMarkers);
        if (marker == null) {
            return false;
        }
        if (marker.equals(syntax.callOpen())) {
            mode = Mode.CALL;
        }
        for (MarkedSyntax.Reasoning r : syntax.reasoning()) {
            if (marker.equals(r.open())) {
                reasonUntil(r.close());
            }
        }
        return true;
    }

    private boolean call(List<ModelEvent> out) {
        String close = syntax.callClose();
        int at = close == null ? -1 : Tags.indexOf(buf, close, 0);
        if (at >= 0) {
            String payload = take(at);
            if (!syntax.keepClose()) {
                take(close.length());
            }
            out.addAll(at > maxToolChars ? List.of(tooLong()) : decode(payload));
            mode = Mode.TEXT;
            return true;
        }
        if ((close == null ? buf.length() : Tags.holdFrom(buf, 0, close)) > maxToolChars) {
            out.add(tooLong());
            mode = Mode.SKIP;
            return true;
        }
        return false;
    }

    /** Drops the rest of an over-long call up to its close marker (or the end of the output). */
    private boolean skip() {
        String close = syntax.callClose();
        int at = close == null ? -1 : Tags.indexOf(buf, close, 0);
        if (at < 0) {
            take(close == null ? buf.length() : Tags.holdFrom(buf, 0, close));
            return false;
        }
        take(at + (syntax.keepClose() ? 0 : close.length()));
        mode = Mode.TEXT;
        return true;
    }

    private List<ModelEvent> decode(String payload) {
        return syntax.decode().apply(payload);
    }

    /** The output ended inside a call: a complete call is still a call (small models stop early), else Invalid. */
    List<ModelEvent> unclosed(String payload) {
        List<ModelEvent> events = decode(payload);
        return events.stream().allMatch(e -> e instanceof ModelEvent.Call) && !events.isEmpty()
                ? events
                : List.of(new ModelEvent.InvalidCall(
                        "tool call never closed (output ended after " + syntax.callOpen() + ")"));
    }
}
