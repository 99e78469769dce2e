package dev.tether.engine.parse;

import java.util.List;

/**
 * firefunction v2: {@code functools} and a JSON list of calls to the end of the output; read only. Its template
 * lists the tools from a {@code functions} variable, not {@code tools}.
 */
final class FireFunctionV2Format extends MarkedFormat {

    FireFunctionV2Format() {
        super(
                new MarkedSyntax(
                        "firefunction-v2",
                        List.of(),
                        List.of(),
                        "functools",
                        null,
                        false,
                        json -> MarkedCalls.list(json, "name", "arguments")),
                "functools[");
    }
}
