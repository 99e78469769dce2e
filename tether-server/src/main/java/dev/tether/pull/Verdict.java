package dev.tether.pull;

import java.util.Locale;

/**
 * Whether a model file will run here, said before it is downloaded.
 *
 * @param kind        the answer
 * @param reason      one sentence a person can act on
 * @param neededBytes the weights plus the KV cache of the configured context; 0 when unknown
 * @param availableBytes the memory it was weighed against (free RAM, or a GPU's free memory where that is more)
 */
public record Verdict(Kind kind, String reason, long neededBytes, long availableBytes) {

    public enum Kind {
        /** The active engine runs its architecture and it fits in memory. */
        RUNS,
        /** It fits, but only llama.cpp's llama-server (not installed, or not the active engine) runs it. */
        NEEDS_ENGINE,
        /** Weights plus KV cache are more than the memory this machine has free. */
        TOO_BIG,
        /** No engine Tether knows runs its architecture. */
        UNSUPPORTED,
        /** Its header could not be read. */
        UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
