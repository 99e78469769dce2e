package dev.tether.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2 constructs of Hugging Face templates that Jinjava reads differently. Two are rewritten: the reversing
 * slice {@code xs[::-1]}, and keyword arguments to {@code namespace(…)} whose value has a filter
 * ({@code namespace(last=messages|length - 1)} binds as {@code (last=messages|length) - 1} in Jinjava). Loop
 * filters cannot be rewritten faithfully and are reported instead.
 */
final class JinjaCompat {

    private static final Pattern REVERSED = Pattern.compile("([A-Za-z_][\\w.]*(?:\\[[^\\[\\]]*])*)\\[::-1]");
    private static final Pattern KEYWORD = Pattern.compile("\\s*([A-Za-z_]\\w*)\\s*=(?!=)(.*)", Pattern.DOTALL);
    private static final String NAMESPACE = "namespace(";
    /** {@code {% for x in xs if cond %}}: Jinjava reads {@code xs if cond} as an inline if and loops over nothing. */
    private static final Pattern LOOP_FILTER = Pattern.compile(
            "\\{%-?\\s*for\\s+[^%]*?\\s+in\\s+(?:(?!%}|\\belse\\b).)*?\\sif\\s(?:(?!%}|\\belse\\b).)*%}",
            Pattern.DOTALL);

    private JinjaCompat() {
    }

    /** Why the template cannot be rendered as its authors meant, if it cannot. */
    static Optional<String> unsupported(String source) {
        Matcher loopFilter = LOOP_FILTER.matcher(source);
        return loopFilter.find() ? Optional.of("loop filters are not supported: " + loopFilter.group())
                : Optional.empty();
    }

    static String rewrite(String source) {
        String reversed = REVERSED.matcher(source).replaceAll(m -> Matcher.quoteReplacement(
                "(" + m.group(1) + "|reverse|list)"));
        return parenthesizeNamespaceArguments(reversed);
    }

    private static String parenthesizeNamespaceArguments(String source) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = source.indexOf(NAMESPACE); at >= 0; at = source.indexOf(NAMESPACE, from)) {
            int open = at + NAMESPACE.length();
            int close = closingParenthesis(source, open);
            if (close < 0) {
                break;
            }
            out.append(source, from, open);
            List<String> arguments = splitTopLevel(source.substring(open, close));
            for (int i = 0; i < arguments.size(); i++) {
                Matcher keyword = KEYWORD.matcher(arguments.get(i));
                out.append(i == 0 ? "" : ",").append(keyword.matches()
                        ? keyword.group(1) + "=(" + keyword.group(2).strip() + ")" : arguments.get(i));
            }
            from = close;
        }
        return out.append(source.substring(from)).toString();
    }

    /** The index of the ')' closing the '(' just before {@code from}, skipping strings and nested brackets. */
    private static int closingParenthesis(String source, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return c == ')' ? i : -1;
                }
                depth--;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String arguments) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(arguments.substring(start, i));
                start = i + 1;
            }
        }
        if (start < arguments.length() || !parts.isEmpty()) {
            parts.add(arguments.substring(start));
        }
        return parts;
    }
}
