package dev.tether.engine.llamacpp;

import java.util.List;

/**
 * Finds stop sequences in streamed text. Text that cannot be the start of a stop sequence is released at once;
 * only a possible prefix is held back. Done here rather than by llama.cpp so the worker knows why a generation
 * ended (a stop sequence, or the engine's own limit).
 */
final class StopMatcher {

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopMatcher(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Adds {@code text}; returns what is now safe to emit (the text before a stop, once one is found). */
    String feed(String text) {
        if (stopped) {
            return "";
        }
        held.append(text);
        int earliest = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
            }
        }
        if (earliest >= 0) {
            stopped = true;
            String before = held.substring(0, earliest);
            held.setLength(0);
            return before;
        }
        int keep = longestPrefixSuffix();
        String out = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return out;
    }

    /** The generation ended: what was held back is plain text after all. */
    String finish() {
        String rest = stopped ? "" : held.toString();
        held.setLength(0);
        return rest;
    }

    boolean stopped() {
        return stopped;
    }

    private int longestPrefixSuffix() {
        int best = 0;
        String text = held.toString();
        for (String stop : stops) {
            for (int n = Math.min(stop.length() - 1, text.length()); n > best; n--) {
                if (text.regionMatches(text.length() - n, stop, 0, n)) {
                    best = n;
                    break;
                }
            }
        }
        return best;
    }
}
