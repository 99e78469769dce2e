package dev.tether.engine.parse;

import java.util.List;

/**
 * MiniMax M3: namespaced {@code <tool_call>}s of {@code <invoke>} elements ({@link MiniMaxCalls#m3}), after
 * {@code <mm:think>} reasoning; read only. Its prompt opens no reasoning, so a turn without it starts with a bare
 * {@code </mm:think>}, dropped.
 */
final class MiniMaxM3Format extends MarkedFormat {

    MiniMaxM3Format() {
        super(
                new MarkedSyntax(
                        "minimax-m3",
                        List.of(new MarkedSyntax.Reasoning("<mm:think>", "</mm:think>")),
                        List.of("</mm:think>"),
                        MiniMaxCalls.M3_NAMESPACE + "<tool_call>",
                        MiniMaxCalls.M3_NAMESPACE + "</tool_call>",
                        false,
                        MiniMaxCalls::m3),
                MiniMaxCalls.M3_NAMESPACE);
    }
}
