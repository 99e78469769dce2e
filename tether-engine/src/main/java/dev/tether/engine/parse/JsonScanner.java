package dev.tether.engine.parse;

/**
 * Finds where one balanced JSON object or array ends, fed incrementally: it tracks nesting depth, strings and
 * escapes, so braces inside strings do not count. One instance per value.
 */
final class JsonScanner {

    private int depth;
    private boolean inString;
    private boolean escaped;
    private int scanned;

    /**
     * Scans {@code text} from where the previous call stopped (the text must start with the opening bracket and
     * only grow between calls). Returns the index just past the closing bracket, or -1 if the value is still open.
     */
    int scan(CharSequence text) {
        for (int i = scanned; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    scanned = i + 1;
                    return i + 1;
                }
            }
        }
        scanned = text.length();
        return -1;
    }

    /** The caller dropped the first {@code n} scanned characters of its text. */
    void discard(int n) {
        scanned -= n;
    }

    /** How many characters of the value have been scanned so far. */
    int scanned() {
        return scanned;
    }
}
