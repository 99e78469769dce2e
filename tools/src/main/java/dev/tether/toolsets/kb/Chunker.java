package dev.tether.toolsets.kb;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a section into passages of about {@code chunkChars}: whole lines are gathered until the next one would
 * overflow; a line longer than that is cut into pieces. Blank passages are dropped.
 */
final class Chunker {

    private final int chunkChars;

    Chunker(int chunkChars) {
        this.chunkChars = chunkChars;
    }

    List<Chunk> chunks(Section section) {
        List<Chunk> chunks = new ArrayList<>();
        String text = section.text();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = 1;
        int startChar = 0;
        int position = 0;
        while (position < text.length()) {
            int newline = text.indexOf('\n', position);
            int end = newline < 0 ? text.length() : newline + 1;
            if (end - position > chunkChars) {
                end = position + chunkChars;
                newline = -2; // a piece of a long line: the line number stays
            }
            if (!current.isEmpty() && current.length() + (end - position) > chunkChars) {
                add(chunks, section.page(), startLine, startChar, current);
                current.setLength(0);
            }
            if (current.isEmpty()) {
                startLine = line;
                startChar = position;
            }
            current.append(text, position, end);
            position = end;
            if (newline >= 0) {
                line++;
            }
        }
        add(chunks, section.page(), startLine, startChar, current);
        return chunks;
    }

    /** Adds the passage without its surrounding blank space; its position is that of the text kept. */
    private static void add(List<Chunk> chunks, int page, int firstLine, int firstChar, StringBuilder text) {
        int lead = 0;
        int trail = text.length();
        while (lead < trail && Character.isWhitespace(text.charAt(lead))) {
            lead++;
        }
        while (trail > lead && Character.isWhitespace(text.charAt(trail - 1))) {
            trail--;
        }
        if (lead == trail) {
            return;
        }
        int lineStart = firstLine + newlines(text, 0, lead);
        int lineEnd = lineStart + newlines(text, lead, trail);
        chunks.add(
                new Chunk(page, lineStart, lineEnd, firstChar + lead, firstChar + trail, text.substring(lead, trail)));
    }

    private static int newlines(CharSequence text, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }
}
