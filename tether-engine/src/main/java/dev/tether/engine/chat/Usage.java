package dev.tether.engine.chat;

/** Token counts and timings of one model call, or of a whole turn when added up. */
public record Usage(int promptTokens, int completionTokens, long promptMs, long generationMs) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(
                promptTokens + other.promptTokens,
                completionTokens + other.completionTokens,
                promptMs + other.promptMs,
                generationMs + other.generationMs);
    }
}
