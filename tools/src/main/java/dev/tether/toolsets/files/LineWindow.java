package dev.tether.toolsets.files;

import java.util.Iterator;

/**
 * A window of lines: skips {@code offset} lines, then takes up to {@code limit} lines while their UTF-8 size
 * stays within {@code maxBytes}. A first line larger than that is cut, so every call makes progress.
 *
 * @param text      the lines taken, each ending with a newline
 * @param lines     how many lines were taken
 * @param more      whether lines remain after the window
 * @param cut       whether the last line was cut short
 */
record LineWindow(String text, int lines, boolean more, boolean cut) {

    static LineWindow of(Iterator<String> source, long offset, int limit, int maxBytes) {
        for (long skipped = 0; skipped < offset && source.hasNext(); skipped++) {
            source.next();
        }
        StringBuilder text = new StringBuilder();
        int lines = 0;
        int bytes = 0;
        boolean cut = false;
        while (lines < limit && source.hasNext()) {
            String line = source.next();
            int size = TextFiles.utf8Length(line) + 1;
            if (bytes + size > maxBytes) {
                if (lines > 0) {
                    return new LineWindow(text.toString(), lines, true, false);
                }
                line = prefix(line, maxBytes - 1);
                cut = true;
            }
            text.append(line).append('\n');
            bytes += size;
            lines++;
            if (cut) {
                break;
            }
        }
        return new LineWindow(text.toString(), lines, source.hasNext(), cut);
    }

    /** The longest prefix of {@code line} whose UTF-8 form fits in {@code maxBytes}, not splitting a pair. */
    private static String prefix(String line, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < line.length()) {
            int cp = line.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return line.substring(0, end);
    }
}
