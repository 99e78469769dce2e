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
}
