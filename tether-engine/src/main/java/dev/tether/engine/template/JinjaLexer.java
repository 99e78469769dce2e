package dev.tether.engine.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into text and tags the way Jinja2 does with {@code trim_blocks} and {@code lstrip_blocks}
 * (Hugging Face's settings): whitespace control ({@code -}, {@code +}) is applied to the text here, and the
 * expression inside each tag is cut into tokens.
 */
final class JinjaLexer {

    enum Kind {
        NAME,
        STRING,
        INT,
        FLOAT,
        OP,
        END
    }

    record Token(Kind kind, String text, Object value, int offset) {
        boolean is(String op) {
            return (kind == Kind.OP || kind == Kind.NAME) && text.equals(op);
        }
    }

    /** Text to copy out, or a {@code {{ … }}} (output) or {@code {% … %}} (statement) tag with its tokens. */
    record Piece(boolean output, boolean statement, String text, List<Token> tokens, int offset) {}

    private static final String[] OPERATORS = {
        "//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}",
        ",", ".", ":", "|", ";"
    };

    private final String source;
    private int pos;
    private final List<Piece> pieces = new ArrayList<>();

    private JinjaLexer(String source) {
        this.source = source;
    }

    static List<Piece> lex(String source) {
        JinjaLexer lexer = new JinjaLexer(source);
        lexer.run();
        return lexer.pieces;
    }

    private void run() {
        while (pos < source.length()) {
            int start = nextTag(pos);
            if (start < 0) {
                text(source.substring(pos));
                return;
            }
            char kind = source.charAt(start + 1);
            char control = start + 2 < source.length() ? source.charAt(start + 2) : 0;
            text(leadingText(source.substring(pos, start), kind, control, pos));
            int body = start + 2 + (control == '-' || control == '+' ? 1 : 0);
            if (kind == '#') {
                comment(start, body);
            } else {
                tag(kind == '%', start, body);
            }
        }
    }

    private int nextTag(int from) {
        for (int i = source.indexOf('{', from); i >= 0 && i + 1 < source.length(); i = source.indexOf('{', i + 1)) {
            char next = source.charAt(i + 1);
            if (next == '{' || next == '%' || next == '#') {
                return i;
            }
        }
        return -1;
    }

    /** The text before a tag: all trailing whitespace goes for {@code -}; lstrip_blocks for statements and comments. */
    private String leadingText(String text, char kind, char control, int textStart) {
        if (control == '-') {
            return text.stripTrailing();
        }
        if (control == '+' || kind == '{') {
            return text;
        }
        int lineStart = text.lastIndexOf('\n') + 1;
        boolean atLineStart = lineStart > 0 || textStart == 0 || source.charAt(textStart - 1) == '\n';
        String rest = text.substring(lineStart);
        return atLineStart && !rest.isEmpty() && rest.isBlank() ? text.substring(0, lineStart) : text;
    }

    private void comment(int start, int body) {
        int end = source.indexOf("#}", body);
        if (end < 0) {
            throw error(start, "a comment is never closed");
        }
        boolean strip = end > body && source.charAt(end - 1) == '-';
        pos = afterTag(end + 2, strip ? '-' : 0, true);
    }

    private void tag(boolean statement, int start, int body) {
        List<Token> tokens = new ArrayList<>();
        int depth = 0;
        int i = body;
        while (true) {
            i = skipSpace(i);
            if (i >= source.length()) {
                throw error(start, "a tag is never closed");
            }
            int close = closing(i, statement, depth);
            if (close > 0) {
                char control = source.charAt(i) == '-' || source.charAt(i) == '+' ? source.charAt(i) : 0;
                tokens.add(new Token(Kind.END, "", null, i));
                pieces.add(new Piece(!statement, statement, null, tokens, start));
                pos = afterTag(close, control, statement);
                if (statement && isRaw(tokens)) {
                    raw();
                }
                return;
            }
            Token token = token(i);
            if (token.is("(") || token.is("[") || token.is("{")) {
                depth++;
            } else if (token.is(")") || token.is("]") || token.is("}")) {
                depth--;
            }
            tokens.add(token);
            i = token.offset() + tokenLength(token, i);
        }
    }

    /** The offset just past the tag's closing marker at {@code i}, or -1 when none is there. */
    private int closing(int i, boolean statement, int depth) {
        if (depth > 0) {
            return -1;
        }
        String end = statement ? "%}" : "}}";
        for (String prefix : statement ? new String[] {"-", "+", ""} : new String[] {"-", ""}) {
            if (source.startsWith(prefix + end, i)) {
                return i + prefix.length() + 2;
            }
        }
        return -1;
    }

    private int afterTag(int after, char control, boolean trimBlock) {
        if (control == '-') {
            return skipSpace(after);
        }
        if (control != '+' && trimBlock && after < source.length() && source.charAt(after) == '\n') {
            return after + 1;
        }
        return after;
    }

    private static boolean isRaw(List<Token> tokens) {
        return tokens.size() == 2 && tokens.getFirst().is("raw");
    }

    private void raw() {
        java.util.regex.Matcher end =
                java.util.regex.Pattern.compile("\\{%(-?)\\s*endraw\\s*(-?)%}").matcher(source);
        if (!end.find(pos)) {
            throw error(pos, "a raw block is never closed");
        }
        String text = source.substring(pos, end.start());
        text(end.group(1).isEmpty() ? text : text.stripTrailing());
        pos = afterTag(end.end(), end.group(2).isEmpty() ? 0 : '-', true);
    }

    private void text(String text) {
        if (!text.isEmpty()) {
            pieces.add(new Piece(false, false, text, List.of(), pos));
        }
    }

    private int skipSpace(int i) {
        while (i < source.length() && Character.isWhitespace(source.charAt(i))) {
            i++;
        }
        return i;
    }

    private Token token(int i) {
        char c = source.charAt(i);
        if (Character.isLetter(c) || c == '_') {
            int end = i;
            while (end < source.length()
                    && (Character.isLetterOrDigit(source.charAt(end)) || source.charAt(end) == '_')) {
                end++;
            }
            return new Token(Kind.NAME, source.substring(i, end), null, i);
        }
        if (Character.isDigit(c)) {
            return number(i);
        }
        if (c == '\'' || c == '"') {
            return string(i, c);
        }
        for (String op : OPERATORS) {
            if (source.startsWith(op, i)) {
                return new Token(Kind.OP, op, null, i);
            }
        }
        throw error(i, "unexpected character '" + c + "'");
    }

    private static int tokenLength(Token token, int at) {
        return token.kind() == Kind.STRING
                ? (int) ((Object[]) token.value())[1] - at
                : token.text().length();
    }

    private Token number(int i) {
        int end = i;
        while (end < source.length() && (Character.isDigit(source.charAt(end)) || source.charAt(end) == '_')) {
            end++;
        }
        boolean fraction =
                end + 1 < source.length() && source.charAt(end) == '.' && Character.isDigit(source.charAt(end + 1));
        if (fraction) {
            end++;
            while (end < source.length() && Character.isDigit(source.charAt(end))) {
                end++;
            }
        }
        if (end < source.length() && (source.charAt(end) == 'e' || source.charAt(end) == 'E')) {
            int exp = end + 1;
            if (exp < source.length() && (source.charAt(exp) == '+' || source.charAt(exp) == '-')) {
                exp++;
            }
            if (exp < source.length() && Character.isDigit(source.charAt(exp))) {
                fraction = true;
                end = exp;
                while (end < source.length() && Character.isDigit(source.charAt(end))) {
                    end++;
                }
            }
        }
        String text = source.substring(i, end);
        String digits = text.replace("_", "");
        return fraction
                ? new Token(Kind.FLOAT, text, Double.parseDouble(digits), i)
                : new Token(Kind.INT, text, Long.parseLong(digits), i);
    }

    /** A quoted literal with Python's escapes; the value is {text, end offset}. */
    private Token string(int i, char quote) {
        StringBuilder out = new StringBuilder();
        int j = i + 1;
        while (j < source.length() && source.charAt(j) != quote) {
            char c = source.charAt(j);
            if (c == '\\' && j + 1 < source.length()) {
                j = escape(j + 1, out);
            } else {
                out.append(c);
                j++;
            }
        }
        if (j >= source.length()) {
            throw error(i, "a string literal is never closed");
        }
        String text = out.toString();
        return new Token(Kind.STRING, text, new Object[] {text, j + 1}, i);
    }

    private int escape(int j, StringBuilder out) {
        char c = source.charAt(j);
        switch (c) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case '0' -> out.append('\0');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case '\\', '\'', '"' -> out.append(c);
            case '\n' -> {}
            case 'x', 'u', 'U' -> {
                int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                String hex = source.substring(j + 1, Math.min(source.length(), j + 1 + digits));
                if (hex.length() == digits && hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                    out.appendCodePoint(Integer.parseInt(hex, 16));
                    return j + 1 + digits;
                }
                out.append('\\').append(c);
            }
            default -> out.append('\\').append(c);
        }
        return j + 1;
    }

    private TemplateException error(int offset, String message) {
        return new TemplateException(where(source, offset) + message);
    }

    static String where(String source, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, source.length()); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return "line " + line + ": ";
    }
}
