package dev.tether.cli;

/**
 * The two kinds of output of {@code tether chat}: the model's answer, and everything else (picker, prompts, tool
 * lines, thinking, figures, errors). On a terminal both are one {@link TextOut}.
 */
record Screen(TextOut answer, TextOut chatter) {

    /** Ends any open line of either, so the next output starts at the left edge. */
    void endLines() {
        answer.endLine();
        chatter.endLine();
    }
}
