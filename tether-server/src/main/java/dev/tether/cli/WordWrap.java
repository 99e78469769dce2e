package dev.tether.cli;

/**
 * Wraps streamed text at word boundaries for a terminal {@code width} columns wide, however the text is chunked.
 * A word is held back until it ends (a space, a tab or a newline comes) so the decision to break before it is
 * made once its length is known; a word longer than a whole line goes on a line of its own, unbroken, as soon as
 * that is clear, and the terminal folds it. The spaces where a line breaks are dropped; the text's own newlines
 * and the indentation at the start of a line are kept. Width 0 or less passes text through unchanged. Widths are
 * counted in terminal columns: two for East Asian wide and fullwidth characters and most emoji, none for combining
 * marks and invisible format characters, one for the rest. A run of CJK text has no spaces to break at; it is one
 * word, and the terminal folds it where it must, which is where CJK text may break anyway.
 */
final class WordWrap {

    private static final int TAB = 8;

    /** The East Asian wide and fullwidth blocks and the emoji planes, first and last code point of each. */
    private static final int[][] WIDE = {
        {0x1100, 0x115F},
        {0x2E80, 0x303E},
        {0x3041, 0x33FF},
        {0x3400, 0x4DBF},
        {0x4E00, 0x9FFF},
        {0xA000, 0xA4CF},
        {0xAC00, 0xD7A3},
        {0xF900, 0xFAFF},
        {0xFE30, 0xFE4F},
        {0xFF00, 0xFF60},
        {0xFFE0, 0xFFE6},
        {0x1F300, 0x1F64F},
        {0x1F900, 0x1F9FF},
        {0x20000, 0x3FFFD},
    };

    private final int width;
    private final StringBuilder word = new StringBuilder();
    private final StringBuilder spaces = new StringBuilder();
    private int wordColumns;
    private int spaceColumns;
    private int column;
    private boolean overlong; // the word being read did not fit any line and is being written as it comes

    WordWrap(int width) {
        this.width = width;
    }

    /** The text to write now for {@code chunk}. */
    String feed(String chunk) {
        if (width <= 0) {
            int newline = chunk.lastIndexOf('\n');
            column = newline < 0 ? column + columns(chunk) : columns(chunk.substring(newline + 1));
            return chunk;
        }
        StringBuilder out = new StringBuilder();
        chunk.codePoints().forEach(c -> add(c, out));
        return out.toString();
    }

    /** The text held back (the last word), to write when the text ends here. */
    String finish() {
        StringBuilder out = new StringBuilder();
        placeWord(out);
        spaces.setLength(0);
        spaceColumns = 0;
        return out.toString();
    }

    /** Columns written on the current line (after {@link #finish}, the whole line). */
    int column() {
        return column;
    }

    /** The line was ended by someone else (a newline written beside this wrap, or the user's Enter). */
    void lineEnded() {
        word.setLength(0);
        spaces.setLength(0);
        wordColumns = 0;
        spaceColumns = 0;
        column = 0;
        overlong = false;
    }

    private void add(int c, StringBuilder out) {
        if (c == '\n') {
            placeWord(out);
            out.append('\n');
            lineEnded();
        } else if (c == ' ' || c == '\t') {
            placeWord(out);
            spaceColumns += c == '\t' ? TAB - (column + spaceColumns) % TAB : 1;
            spaces.appendCodePoint(c);
        } else if (overlong) {
            out.appendCodePoint(c);
            column += columns(c);
        } else {
            word.appendCodePoint(c);
            wordColumns += columns(c);
            if (wordColumns > width) {
                startOverlong(out);
            }
        }
    }

    /** The columns {@code text} takes on a terminal (see the class comment). */
    static int columns(String text) {
        return text.codePoints().map(WordWrap::columns).sum();
    }

    /** After wcwidth: the East Asian wide and fullwidth blocks and the emoji planes take two columns. */
    static int columns(int c) {
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        for (int[] range : WIDE) {
            if (c >= range[0] && c <= range[1]) {
                return 2;
            }
        }
        return 1;
    }

    private void startOverlong(StringBuilder out) {
        if (column > 0) {
            out.append('\n');
            column = 0;
        } else {
            out.append(spaces);
            column = spaceColumns;
        }
        out.append(word);
        column += wordColumns;
        clearWord();
        overlong = true;
    }

    /** Writes the word read so far, on this line if it fits after the spaces before it, else on the next. */
    private void placeWord(StringBuilder out) {
        if (overlong) {
            overlong = false;
        } else if (wordColumns > 0) {
            if (column + spaceColumns + wordColumns <= width) {
                out.append(spaces).append(word);
                column += spaceColumns + wordColumns;
            } else {
                out.append(column > 0 ? "\n" : "").append(word);
                column = wordColumns;
            }
        } else {
            return; // only spaces so far: they wait for the next word
        }
        clearWord();
    }

    private void clearWord() {
        word.setLength(0);
        wordColumns = 0;
        spaces.setLength(0);
        spaceColumns = 0;
    }
}
