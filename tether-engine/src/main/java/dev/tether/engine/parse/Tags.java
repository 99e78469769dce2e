package dev.tether.engine.parse;

/** Helpers for holding back only the part of a buffer that could still become a tag. */
final class Tags {

    private Tags() {}

    /**
     * The index from which {@code buf[from..]} must be held back because its tail is a proper prefix of one of
     * {@code tags}; {@code buf.length()} when nothing needs holding. Never splits a surrogate pair.
     */
    static int holdFrom(CharSequence buf, int from, String... tags) {
        int len = buf.length();
        int hold = len;
        for (String tag : tags) {
            int max = Math.min(tag.length() - 1, len - from);
            for (int n = max; n > 0; n--) {
                if (regionMatches(buf, len - n, tag, n)) {
                    hold = Math.min(hold, len - n);
                    break;
                }
            }
        }
        if (hold > from && Character.isHighSurrogate(buf.charAt(hold - 1))) {
            hold--;
        }
        return hold;
    }

    /** Where one of several tags was found. */
    record Hit(String tag, int at) {}

    /** The earliest of {@code tags} in {@code buf} (the first listed where two start together), or null. */
    static Hit first(CharSequence buf, String... tags) {
        Hit first = null;
        for (String tag : tags) {
            int at = indexOf(buf, tag, 0);
            if (at >= 0 && (first == null || at < first.at())) {
                first = new Hit(tag, at);
            }
        }
        return first;
    }

    /** The first index at or after {@code from} where {@code tag} starts, or -1. */
    static int indexOf(CharSequence buf, String tag, int from) {
        if (buf instanceof StringBuilder sb) {
            return sb.indexOf(tag, from);
        }
        return buf.toString().indexOf(tag, from);
    }

    private static boolean regionMatches(CharSequence buf, int start, String tag, int n) {
        for (int i = 0; i < n; i++) {
            if (buf.charAt(start + i) != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
