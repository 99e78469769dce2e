package dev.tether.tools.kb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML to plain text that keeps the source's line structure: markup is removed but the line breaks inside it
 * stay, so a passage's line numbers point into the HTML file.
 */
final class Html {

    private static final Pattern HIDDEN = Pattern.compile(
            "(?is)<!--.*?-->|<script\\b.*?</script\\s*>|<style\\b.*?</style\\s*>|<head\\b.*?</head\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#\\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");

    private Html() {
    }

    static String toText(String html) {
        String text = keepNewlines(HIDDEN.matcher(html), "");
        text = keepNewlines(TAG.matcher(text), " ");
        return decodeEntities(text);
    }

    /** Replaces each match by its newlines, or by {@code filler} when it has none. */
    private static String keepNewlines(Matcher matcher, String filler) {
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String newlines = matcher.group().replaceAll("[^\n]", "");
            matcher.appendReplacement(out, newlines.isEmpty() ? filler : newlines);
        }
        matcher.appendTail(out);
        return out.toString();
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
