package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.List;

/** Functionary v3.1: {@code <function=NAME>{args}</function>}, possibly after {@code <|python_tag|>}; read only. */
final class FunctionaryV31Format extends MarkedFormat {

    private static final String FUNCTION = "<function=";

    FunctionaryV31Format() {
        super(new MarkedSyntax(
                "functionary-v3.1",
                List.of(),
                List.of("<|python_tag|>"),
                FUNCTION,
                "</function>",
                false,
                FunctionaryV31Format::decode));
    }

    /** Qwen3-Coder's XML calls use {@code <function=} too, inside {@code <tool_call>}; functionary's are bare. */
    @Override
    public boolean taughtBy(String templateSource) {
        return super.taughtBy(templateSource) && !templateSource.contains(HermesParser.OPEN);
    }

    /** {@code NAME>{args}} (the {@code <function=} was the open marker). */
    private static List<ModelEvent> decode(String payload) {
        int end = payload.indexOf('>');
        if (end < 0) {
            return List.of(new ModelEvent.InvalidCall("functionary call without '>' after the name"));
        }
        return List.of(MarkedCalls.call(
                payload.substring(0, end).strip(), payload.substring(end + 1).strip()));
    }
}
