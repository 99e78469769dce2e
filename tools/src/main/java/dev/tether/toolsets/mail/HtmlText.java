package dev.tether.toolsets.mail;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTML mail to readable plain text: no scripts, styles or tags; block ends become line breaks; entities decoded. */
final class HtmlText {

    private static final Pattern INVISIBLE =
            Pattern.compile("(?is)<(script|style|head|title)\\b.*?</\\1\\s*>|<!--.*?-->|<!\\[CDATA\\[.*?]]>");
    private static final Pattern BREAKS = Pattern.compile(
            "(?i)<br\\s*/?>|</(p|div|tr|h[1-6]|li|blockquote|table|ul|ol|pre)\\s*>|<(p|div|tr|h[1-6]|table)\\b[^>]*>");
    private static final Pattern LIST_ITEM = Pattern.compile("(?i)<li\\b[^>]*>");
    private static final Pattern CELL = Pattern.compile("(?i)</t[dh]\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
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
        String text = INVISIBLE.matcher(html).replaceAll(" ");
        text = text.replaceAll("\\s+", " ");
        text = LIST_ITEM.matcher(text).replaceAll("\n- ");
        text = CELL.matcher(text).replaceAll(" \t");
        text = BREAKS.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        text = decode(text);
        text = text.replaceAll("[ \\t\\u00A0]+", " ").replaceAll(" *\\n[\\s]*", "\n");
        return text.strip();
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
