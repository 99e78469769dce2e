package dev.tether.tools.kb;

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
                add(chunks, section.page(), startLine, line - (current.charAt(current.length() - 1) == '\n' ? 1 : 0),
                        startChar, current);
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
        add(chunks, section.page(), startLine, Math.max(startLine, line - (endsWithNewline(current) ? 1 : 0)),
                startChar, current);
        return chunks;
    }

    private static boolean endsWithNewline(StringBuilder text) {
        return !text.isEmpty() && text.charAt(text.length() - 1) == '\n';
    }

    private static void add(List<Chunk> chunks, int page, int lineStart, int lineEnd, int charStart,
                            StringBuilder text) {
        if (text.toString().isBlank()) {
            return;
        }
        chunks.add(new Chunk(page, lineStart, Math.max(lineStart, lineEnd), charStart, charStart + text.length(),
                text.toString().strip()));
    }
}
