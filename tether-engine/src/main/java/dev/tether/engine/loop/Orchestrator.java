package dev.tether.engine.loop;

/**
 * The tool loop: prompt → model → parser → tools → results into history → model again, up to
 * {@code limits.max_tool_loops} model calls per turn, everything stored before {@code done}.
 */
public final class Orchestrator {

    /**
     * Checks all that can fail before a stream starts and takes the session. Throws
     * {@link dev.tether.engine.EngineException}: NOT_FOUND {@code session_not_found} / {@code model_not_found},
     * BAD_REQUEST {@code empty_prompt} / {@code prompt_too_long} / {@code unknown_tool}, CONFLICT
     * {@code session_busy}, UNAVAILABLE {@code overloaded}.
     */
    public Turn begin(TurnRequest request) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
