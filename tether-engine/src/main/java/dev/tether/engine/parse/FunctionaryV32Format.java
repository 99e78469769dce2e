package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.List;

/**
 * Functionary v3.2: sections {@code >>>RECIPIENT\nCONTENT}, where {@code all} is the answer and any other recipient
 * a call with JSON; its generation prompt ends with {@code >>>}, so the output starts inside a section. Read only.
 */
final class FunctionaryV32Format extends MarkedFormat {

    FunctionaryV32Format() {
        super(
                new MarkedSyntax(
                        "functionary-v3.2", List.of(), List.of(), ">>>", ">>>", true, FunctionaryV32Format::decode),
                ">>>all");
    }

    private static List<ModelEvent> decode(String payload) {
        int newline = payload.indexOf('\n');
        String recipient = (newline < 0 ? payload : payload.substring(0, newline)).strip();
        String content = newline < 0 ? "" : payload.substring(newline + 1);
        if (recipient.equals("all")) {
            return content.isEmpty() ? List.of() : List.of(new ModelEvent.Text(content));
        }
        return List.of(MarkedCalls.call(recipient, content.strip()));
    }
}
