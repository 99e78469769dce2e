package dev.tether.cli;

/**
 * The two kinds of output of {@code tether chat}: the model's answer, and everything else (picker, prompts, tool
 * lines, thinking, figures, errors). On a terminal both are one {@link TextOut}, and {@code styled}: secondary text
 * is dimmed with ANSI codes.
 */
record Screen(TextOut answer, TextOut chatter, boolean styled) {

    private static final String DIM = "\u001b[2m";
    private static final String NORMAL = "\u001b[22m";

    /** Starts dim text on the chatter stream (on a terminal). */
    void dimOn() {
        if (styled) {
            chatter.stream().print(DIM);
        }
    }

    /** Ends dim text on the chatter stream (on a terminal). */
    void dimOff() {
        if (styled) {
            chatter.stream().print(NORMAL);
            chatter.stream().flush();
        }
    }

    /** {@code text} dimmed on a terminal, as it is elsewhere. */
    String dim(String text) {
        return styled ? DIM + text + NORMAL : text;
    }

    /** Ends any open line of either, so the next output starts at the left edge. */
    void endLines() {
        answer.endLine();
        chatter.endLine();
    }
}
