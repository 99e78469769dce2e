package dev.tether.toolsets;

/** Character rules shared by the linear HTML-to-text passes of the knowledge base and of mail. */
public final class HtmlChars {

    private HtmlChars() {}

    /** A character that may continue a tag name: {@code <scripts} is not {@code <script}. */
    public static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** ASCII letters in lower case, every other character kept: the same length, so positions match. */
    public static String asciiLower(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] += 'a' - 'A';
            }
        }
        return new String(chars);
    }

    /**
     * Where the first closing tag of {@code name} from {@code from} on in {@code lower} ends ({@code </name>}, with
     * white space allowed before the {@code >}); -1 when there is none.
     */
    public static int closingTagEnd(String lower, String name, int from) {
        for (int close = lower.indexOf("</" + name, from); close >= 0; close = lower.indexOf("</" + name, close + 2)) {
            int end = close + 2 + name.length();
            while (end < lower.length() && Character.isWhitespace(lower.charAt(end))) {
                end++;
            }
            if (end < lower.length() && lower.charAt(end) == '>') {
                return end + 1;
            }
        }
        return -1;
    }
}
