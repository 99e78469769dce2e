package dev.tether.cli;

import java.io.PrintStream;

/** A stream that streamed text is written to, word-wrapped, knowing whether its last line is still open. */
final class TextOut {

    private final PrintStream out;
    private final WordWrap wrap;

    TextOut(PrintStream out, int width) {
        this.out = out;
        this.wrap = new WordWrap(width);
    }

    PrintStream stream() {
        return out;
    }

    /** Streamed text: written as far as the wrap allows, the rest when the next piece or the line end comes. */
    void text(String text) {
        out.print(wrap.feed(text));
        out.flush();
    }

    /** Writes what the wrap held back and ends the line if one is open. */
    void endLine() {
        out.print(wrap.finish());
        if (wrap.column() > 0) {
            out.println();
        }
        wrap.lineEnded();
        out.flush();
    }

    /** One whole line, after ending an open one. */
    void line(String text) {
        endLine();
        out.println(text);
    }

    /** A question the user answers on the same line; their Enter ends it. */
    void ask(String question) {
        endLine();
        out.print(question);
        out.flush();
    }
}
