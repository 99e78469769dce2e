package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.List;

/**
 * Hermes / Qwen 2.5 tool calls: {@code <tool_call>{"name": …, "arguments": {…}}</tool_call>}, repeated for parallel
 * calls, possibly after {@code <think>…</think>} reasoning.
 */
final class HermesParser extends MarkedParser {

    static final String OPEN = "<tool_call>";
    static final String CLOSE = "</tool_call>";

    private static final MarkedSyntax SYNTAX = new MarkedSyntax(
            "hermes",
            MarkedSyntax.THINK,
            List.of(),
            OPEN,
            CLOSE,
            false,
            payload -> List.of(NativeCalls.call(payload.strip())));

    HermesParser(int maxToolChars) {
        super(SYNTAX, maxToolChars);
    }

    /** Small models sometimes stop right after the JSON: a complete call, shaped like one, is still a call. */
    @Override
    List<ModelEvent> unclosed(String payload) {
        return List.of(NativeCalls.read(payload.strip())
                .filter(NativeCalls::looksLikeCall)
                .map(NativeCalls::call)
                .orElseGet(
                        () -> new ModelEvent.InvalidCall("tool call never closed (output ended inside <tool_call>)")));
    }
}
