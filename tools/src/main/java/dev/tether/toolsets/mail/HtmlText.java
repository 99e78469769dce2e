package dev.tether.toolsets.mail;

import dev.tether.toolsets.HtmlChars;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML mail to readable plain text: no scripts, styles or tags; block ends become line breaks; entities decoded.
 * One pass, linear in the mail's length whatever it holds: a regular expression that looks for the end of each of
 * a million unclosed {@code <script}, {@code <!--} or {@code <} in a hostile mail takes hours. An element or tag
 * that is never closed is treated as the patterns of a browser-less reader would: the unclosed opening alone is
 * dropped (a {@code <} with no {@code >} after it is text).
 */
final class HtmlText {

    private static final List<String> HIDDEN = List.of("script", "style", "head", "title");
    private static final Set<String> BLOCK_ENDS = Set.of(
            "p", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "table", "ul", "ol", "pre");
    private static final Set<String> BLOCK_STARTS =
            Set.of("p", "div", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"),
            Map.entry("lt", "<"),
            Map.entry("gt", ">"),
            Map.entry("quot", "\""),
            Map.entry("apos", "'"),
            Map.entry("nbsp", " "),
            Map.entry("ndash", "–"),
            Map.entry("mdash", "—"),
            Map.entry("hellip", "…"),
            Map.entry("euro", "€"),
            Map.entry("copy", "©"),
            Map.entry("reg", "®"),
            Map.entry("auml", "ä"),
            Map.entry("ouml", "ö"),
            Map.entry("uuml", "ü"),
            Map.entry("Auml", "Ä"),
            Map.entry("Ouml", "Ö"),
            Map.entry("Uuml", "Ü"),
            Map.entry("szlig", "ß"),
            Map.entry("eacute", "é"),
            Map.entry("laquo", "«"),
            Map.entry("raquo", "»"),
            Map.entry("bull", "•"),
            Map.entry("rsquo", "’"),
            Map.entry("lsquo", "‘"),
            Map.entry("rdquo", "”"),
            Map.entry("ldquo", "“"));

    private HtmlText() {}

    static String toText(String html) {
        String lower = HtmlChars.asciiLower(html);
        StringBuilder out = new StringBuilder(html.length());
        Set<String> unclosed = new HashSet<>();
        int at = 0;
        while (at < html.length()) {
            int open = html.indexOf('<', at);
            int close = open < 0 ? -1 : html.indexOf('>', open);
            if (close < 0) {
                appendCollapsed(html, at, html.length(), out);
                break;
            }
            appendCollapsed(html, at, open, out);
            int hiddenEnd = hiddenEnd(lower, open, unclosed);
            if (hiddenEnd >= 0) {
                out.append(' ');
                at = hiddenEnd;
            } else {
                out.append(replacement(lower, open, close));
                at = close + 1;
            }
        }
        String text = decode(out.toString());
        text = text.replaceAll("[ \\t\\u00A0]+", " ").replaceAll(" *\\n[\\s]*", "\n");
        return text.strip();
    }

    /**
     * Where a comment, CDATA section or hidden element starting at {@code open} ends; -1 when none starts there or
     * it is never closed ({@code unclosed} remembers those, so no later opening searches the rest again).
     */
    private static int hiddenEnd(String lower, int open, Set<String> unclosed) {
        if (lower.startsWith("<!--", open)) {
            return blockEnd(lower, open + 4, "-->", unclosed);
        }
        if (lower.startsWith("<![cdata[", open)) {
            return blockEnd(lower, open + 9, "]]>", unclosed);
        }
        for (String name : HIDDEN) {
            int after = open + 1 + name.length();
            if (lower.startsWith(name, open + 1)
                    && after < lower.length()
                    && !HtmlChars.isWordChar(lower.charAt(after))) {
                if (unclosed.contains(name)) {
                    return -1;
                }
                int end = HtmlChars.closingTagEnd(lower, name, after);
                if (end >= 0) {
                    return end;
                }
                unclosed.add(name);
                return -1;
            }
        }
        return -1;
    }

    private static int blockEnd(String lower, int from, String terminator, Set<String> unclosed) {
        if (unclosed.contains(terminator)) {
            return -1;
        }
        int close = lower.indexOf(terminator, from);
        if (close < 0) {
            unclosed.add(terminator);
            return -1;
        }
        return close + terminator.length();
    }

    /** What the tag {@code html[open, close]} becomes: a line break, a list bullet, a cell gap, or nothing. */
    private static String replacement(String lower, int open, int close) {
        boolean end = open + 1 < close && lower.charAt(open + 1) == '/';
        int from = open + (end ? 2 : 1);
        int to = from;
        while (to < close && (Character.isLetterOrDigit(lower.charAt(to)))) {
            to++;
        }
        String name = lower.substring(from, to);
        boolean nameEnds = to == close || Character.isWhitespace(lower.charAt(to)) || lower.charAt(to) == '/';
        if (!nameEnds) {
            return "";
        }
        if (name.equals("br") && !end) {
            return "\n";
        }
        if (end && BLOCK_ENDS.contains(name) || !end && BLOCK_STARTS.contains(name)) {
            return "\n";
        }
        if (!end && name.equals("li")) {
            return "\n- ";
        }
        return end && (name.equals("td") || name.equals("th")) ? " \t" : "";
    }

    /** Appends {@code html[from, to)} with each run of whitespace as one space. */
    private static void appendCollapsed(String html, int from, int to, StringBuilder out) {
        boolean space = false;
        for (int i = from; i < to; i++) {
            char c = html.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        if (space) {
            out.append(' ');
        }
    }

    private static String decode(String text) {
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("#")) {
                int code = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1));
                replacement = Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : "";
            } else {
                replacement = NAMED.getOrDefault(name, m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
