package dev.tether.engine.parse;

import dev.tether.engine.model.ModelEvent;
import java.util.List;
import java.util.function.Function;

/**
 * A tool-call format written with fixed markers: reasoning between an open and a close marker, markers that only
 * frame the answer (dropped), and calls between {@code callOpen} and {@code callClose} (or the end of the output,
 * when {@code callClose} is null) whose text {@code decode} turns into events.
 *
 * @param keepClose the close marker also opens the next section, and the output may end the last one
 *                  (functionary v3.2's {@code >>>}, whose generation prompt ends with one: the output starts inside)
 */
record MarkedSyntax(
        String name,
        List<Reasoning> reasoning,
        List<String> dropped,
        String callOpen,
        String callClose,
        boolean keepClose,
        Function<String, List<ModelEvent>> decode) {

    record Reasoning(String open, String close) {}

    static final List<Reasoning> THINK = List.of(new Reasoning("<think>", "</think>"));
}
