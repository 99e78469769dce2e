package dev.tether.engine.template;

import dev.tether.engine.template.JinjaLexer.Kind;
import dev.tether.engine.template.JinjaLexer.Token;
import dev.tether.engine.template.JinjaSyntax.Args;
import dev.tether.engine.template.JinjaSyntax.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Parses the tokens of one tag into expressions with Jinja2's precedence, where filters and tests bind tighter
 * than any operator: {@code not x is defined} is {@code not (x is defined)} and {@code xs|length - 1} is
 * {@code (xs|length) - 1}.
 */
final class JinjaExpressions {

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");
    private static final Set<String> TEST_ARGUMENT_START = Set.of("[", "{");

    private final String source;
    private final JinjaLimits limits;
    private final List<Token> tokens;
    private int next;
    private int nesting;

    JinjaExpressions(String source, JinjaLimits limits, List<Token> tokens, int start) {
        this.source = source;
        this.limits = limits;
        this.tokens = tokens;
        this.next = start;
    }

    Token peek() {
        return tokens.get(next);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Kind.END) {
            next++;
        }
        return token;
    }

    boolean skip(String text) {
        if (peek().is(text)) {
            next++;
            return true;
        }
        return false;
    }

    void expect(String text) {
        if (!skip(text)) {
            throw error(peek(), "expected '" + text + "'");
        }
    }

    String name() {
        Token token = take();
        if (token.kind() != Kind.NAME) {
            throw error(token, "expected a name");
        }
        return token.text();
    }

    boolean atEnd() {
        return peek().kind() == Kind.END;
    }

    void expectEnd() {
        if (!atEnd()) {
            throw error(peek(), "unexpected '" + peek().text() + "'");
        }
    }

    TemplateException error(Token token, String message) {
        return new TemplateException(JinjaLexer.where(source, token.offset()) + message);
    }

    /** Comma-separated expressions: a tuple when there is a comma, as in {@code {{ a, b }}}. */
    Expr tuple(boolean withConditional) {
        int at = peek().offset();
        List<Expr> items = new ArrayList<>();
        items.add(withConditional ? expression() : or());
        boolean comma = false;
        while (skip(",")) {
            comma = true;
            if (atEnd() || peek().is(")") || peek().is("=") || peek().is("if") || peek().is("recursive")) {
                break;
            }
            items.add(withConditional ? expression() : or());
        }
        return items.size() == 1 && !comma ? items.getFirst() : new JinjaSyntax.TupleExpr(items, at);
    }

    Expr expression() {
        Expr value = or();
        while (peek().is("if")) {
            int at = take().offset();
            Expr condition = or();
            Expr orElse = skip("else") ? expression() : null;
            value = new JinjaSyntax.Conditional(condition, value, orElse, at);
        }
        return value;
    }

    Expr or() {
        return leftAssociative(this::and, "or");
    }

    private Expr and() {
        return leftAssociative(this::not, "and");
    }

    private Expr not() {
        if (peek().is("not")) {
            int at = take().offset();
            nest(at);
            Expr negated = new JinjaSyntax.Unary("not", not(), at);
            nesting--;
            return negated;
        }
        return compare();
    }

    private Expr compare() {
        int at = peek().offset();
        Expr first = sum();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token token = peek();
            if (token.kind() == Kind.OP && COMPARISONS.contains(token.text())) {
                take();
                ops.add(token.text());
            } else if (token.is("in")) {
                take();
                ops.add("in");
            } else if (token.is("not") && peek(1).is("in")) {
                take();
                take();
                ops.add("not in");
            } else {
                break;
            }
            rest.add(sum());
        }
        return ops.isEmpty() ? first : new JinjaSyntax.Compare(first, ops, rest, at);
    }

    private Expr sum() {
        return leftAssociative(this::concat, "+", "-");
    }

    private Expr concat() {
        return leftAssociative(this::product, "~");
    }

    private Expr product() {
        return leftAssociative(this::power, "*", "/", "//", "%");
    }

    private Expr power() {
        return leftAssociative(() -> unary(true), "**");
    }

    /** One level of binary operators, left-associative: operands read by {@code operand}, joined by {@code ops}. */
    private Expr leftAssociative(Supplier<Expr> operand, String... ops) {
        Expr left = operand.get();
        while (Arrays.stream(ops).anyMatch(peek()::is)) {
            Token op = take();
            left = new JinjaSyntax.Binary(op.text(), left, operand.get(), op.offset());
        }
        return left;
    }

    private Expr unary(boolean withFilters) {
        Token token = peek();
        nest(token.offset());
        Expr value;
        if (token.is("-") || token.is("+")) {
            take();
            value = new JinjaSyntax.Unary(token.text(), unary(false), token.offset());
        } else {
            value = primary();
        }
        value = postfix(value);
        nesting--;
        return withFilters ? filters(value) : value;
    }

    /** Every nested operand passes here: deeper than {@link JinjaLimits#MAX_NESTING} is refused, not overflowed. */
    private void nest(int at) {
        if (++nesting > limits.maxNesting()) {
            throw new TemplateException(JinjaLexer.where(source, at) + "the expression nests over limit ("
                    + limits.maxNesting() + " levels)");
        }
    }

    private Expr primary() {
        Token token = take();
        return switch (token.kind()) {
            case NAME ->
                switch (token.text()) {
                    case "true", "True" -> new JinjaSyntax.Literal(Boolean.TRUE, token.offset());
                    case "false", "False" -> new JinjaSyntax.Literal(Boolean.FALSE, token.offset());
                    case "none", "None" -> new JinjaSyntax.Literal(null, token.offset());
                    default -> new JinjaSyntax.Name(token.text(), token.offset());
                };
            case STRING -> {
                StringBuilder text = new StringBuilder(token.text());
                while (peek().kind() == Kind.STRING) {
                    text.append(take().text());
                }
                yield new JinjaSyntax.Literal(text.toString(), token.offset());
            }
            case INT, FLOAT -> new JinjaSyntax.Literal(token.value(), token.offset());
            case OP ->
                switch (token.text()) {
                    case "(" -> parenthesized(token);
                    case "[" -> new JinjaSyntax.ListExpr(items("]"), token.offset());
                    case "{" -> dict(token);
                    default -> throw error(token, "unexpected '" + token.text() + "'");
                };
            case END -> throw error(token, "unexpected end of tag");
        };
    }

    private Expr parenthesized(Token open) {
        if (skip(")")) {
            return new JinjaSyntax.TupleExpr(List.of(), open.offset());
        }
        Expr inner = tuple(true);
        expect(")");
        return inner;
    }

    private List<Expr> items(String close) {
        List<Expr> items = new ArrayList<>();
        while (!skip(close)) {
            if (!items.isEmpty()) {
                expect(",");
                if (skip(close)) {
                    break;
                }
            }
            items.add(expression());
        }
        return items;
    }

    private Expr dict(Token open) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!skip("}")) {
            if (!keys.isEmpty()) {
                expect(",");
                if (skip("}")) {
                    break;
                }
            }
            keys.add(expression());
            expect(":");
            values.add(expression());
        }
        return new JinjaSyntax.DictExpr(keys, values, open.offset());
    }

    private Expr postfix(Expr value) {
        while (true) {
            Token token = peek();
            if (token.is(".")) {
                take();
                Token attribute = take();
                if (attribute.kind() == Kind.INT) {
                    value = new JinjaSyntax.Item(
                            value, new JinjaSyntax.Literal(attribute.value(), attribute.offset()), token.offset());
                } else if (attribute.kind() == Kind.NAME) {
                    value = new JinjaSyntax.Attribute(value, attribute.text(), token.offset());
                } else {
                    throw error(attribute, "expected an attribute name");
                }
            } else if (token.is("[")) {
                take();
                value = subscript(value, token);
            } else if (token.is("(")) {
                take();
                value = new JinjaSyntax.Call(value, arguments(), token.offset());
            } else {
                return value;
            }
        }
    }

    private Expr subscript(Expr target, Token open) {
        Expr start = peek().is(":") ? null : expression();
        if (skip("]")) {
            return new JinjaSyntax.Item(target, start, open.offset());
        }
        expect(":");
        Expr stop = peek().is(":") || peek().is("]") ? null : expression();
        Expr step = null;
        if (skip(":")) {
            step = peek().is("]") ? null : expression();
        }
        expect("]");
        return new JinjaSyntax.Slice(target, start, stop, step, open.offset());
    }

    /** Call arguments after the opening parenthesis, up to and including the closing one. */
    Args arguments() {
        List<Expr> positional = new ArrayList<>();
        Map<String, Expr> named = new LinkedHashMap<>();
        while (!skip(")")) {
            if (!positional.isEmpty() || !named.isEmpty()) {
                expect(",");
                if (skip(")")) {
                    break;
                }
            }
            if (peek().kind() == Kind.NAME && peek(1).is("=")) {
                String key = take().text();
                take();
                named.put(key, expression());
            } else {
                positional.add(expression());
            }
        }
        return new Args(positional, named);
    }

    private Expr filters(Expr value) {
        while (true) {
            Token token = peek();
            if (token.is("|")) {
                take();
                String name = dottedName();
                Args args = skip("(") ? arguments() : Args.NONE;
                value = new JinjaSyntax.Filter(value, name, args, token.offset());
            } else if (token.is("is")) {
                take();
                value = test(value, token);
            } else if (token.is("(")) {
                take();
                value = new JinjaSyntax.Call(value, arguments(), token.offset());
            } else {
                return value;
            }
        }
    }

    private Expr test(Expr value, Token is) {
        boolean negated = skip("not");
        String name = dottedName();
        Args args = Args.NONE;
        Token token = peek();
        if (skip("(")) {
            args = arguments();
        } else if (startsTestArgument(token)) {
            args = new Args(List.of(postfix(primary())), Map.of());
        }
        return new JinjaSyntax.Test(value, name, args, negated, is.offset());
    }

    private static boolean startsTestArgument(Token token) {
        return switch (token.kind()) {
            case STRING, INT, FLOAT -> true;
            case NAME -> !Set.of("else", "or", "and", "if", "is", "in", "not").contains(token.text());
            case OP -> TEST_ARGUMENT_START.contains(token.text());
            case END -> false;
        };
    }

    private String dottedName() {
        StringBuilder name = new StringBuilder(name());
        while (peek().is(".") && peek(1).kind() == Kind.NAME) {
            take();
            name.append('.').append(take().text());
        }
        return name.toString();
    }
}
