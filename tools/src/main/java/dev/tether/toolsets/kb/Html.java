package dev.tether.toolsets.kb;

import dev.tether.toolsets.HtmlChars;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML to plain text that keeps the source's line structure: markup is removed but the line breaks inside it
 * stay, so a passage's line numbers point into the HTML file. One pass, linear in the file's length whatever it
 * holds (a regular expression that looks for the end of each of a million unclosed {@code <script} or {@code <}
 * takes hours): an element, comment or tag that is never closed runs to the end of the file.
 */
final class Html {

    private static final String[] HIDDEN = {"script", "style", "head"};
    private static final Pattern ENTITY = Pattern.compile("&(#\\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");

    private Html() {}

    static String toText(String html) {
        String lower = HtmlChars.asciiLower(html);
        StringBuilder out = new StringBuilder(html.length());
        int at = 0;
        while (at < html.length()) {
            int open = html.indexOf('<', at);
            if (open < 0) {
                out.append(html, at, html.length());
                break;
            }
            out.append(html, at, open);
            int end = hiddenEnd(lower, open);
            boolean hidden = end >= 0;
            if (!hidden) {
                int close = html.indexOf('>', open);
                end = close < 0 ? html.length() : close + 1;
            }
            keepNewlines(html, open, end, hidden ? "" : " ", out);
            at = end;
        }
        return decodeEntities(out.toString());
    }

    /** Where a comment or a script, style or head element starting at {@code open} ends; -1 when none starts. */
    private static int hiddenEnd(String lower, int open) {
        if (lower.startsWith("<!--", open)) {
            int close = lower.indexOf("-->", open + 4);
            return close < 0 ? lower.length() : close + 3;
        }
        for (String name : HIDDEN) {
            int after = open + 1 + name.length();
            if (lower.startsWith(name, open + 1)
                    && (after == lower.length() || !HtmlChars.isWordChar(lower.charAt(after)))) {
                int end = HtmlChars.closingTagEnd(lower, name, after);
                return end < 0 ? lower.length() : end;
            }
        }
        return -1;
    }

    /** Appends the newlines of {@code html[from, to)}, or {@code filler} when it has none. */
    private static void keepNewlines(String html, int from, int to, String filler, StringBuilder out) {
        int before = out.length();
        for (int i = from; i < to; i++) {
            if (html.charAt(i) == '\n') {
                out.append('\n');
            }
        }
        if (out.length() == before) {
            out.append(filler);
        }
    }

    private static String decodeEntities(String text) {
        Matcher matcher = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(entity(matcher.group(1), matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String entity(String name, String whole) {
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return Character.toString(Integer.parseInt(name.substring(2), 16));
            }
            if (name.startsWith("#")) {
                return Character.toString(Integer.parseInt(name.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            return whole;
        }
        return switch (name) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> " ";
            case "mdash" -> "—";
            case "ndash" -> "–";
            case "hellip" -> "…";
            default -> whole;
        };
    }
}
