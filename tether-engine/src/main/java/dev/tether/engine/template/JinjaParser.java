package dev.tether.engine.template;

import dev.tether.engine.template.JinjaLexer.Kind;
import dev.tether.engine.template.JinjaLexer.Piece;
import dev.tether.engine.template.JinjaSyntax.Branch;
import dev.tether.engine.template.JinjaSyntax.Expr;
import dev.tether.engine.template.JinjaSyntax.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds the statement tree of a template from the lexer's pieces. */
final class JinjaParser {

    private final String source;
    private final JinjaLimits limits;
    private final List<Piece> pieces;
    private int next;
    private int depth;

    private JinjaParser(String source, JinjaLimits limits) {
        this.source = source;
        this.limits = limits;
        this.pieces = JinjaLexer.lex(source);
    }

    /** @throws TemplateException naming the line and the construct that does not parse */
    static List<Node> parse(String source, JinjaLimits limits) {
        JinjaParser parser = new JinjaParser(source, limits);
        List<Node> body = parser.body(Set.of());
        if (parser.next < parser.pieces.size()) {
            Piece stray = parser.pieces.get(parser.next);
            throw new TemplateException(JinjaLexer.where(source, stray.offset()) + "unexpected '"
                    + stray.tokens().getFirst().text() + "'");
        }
        return body;
    }

    /** Nodes up to (not including) a statement whose keyword is in {@code endings}. */
    private List<Node> body(Set<String> endings) {
        if (++depth > limits.maxNesting()) {
            throw new TemplateException("the template's blocks nest over limit (" + limits.maxNesting() + " levels)");
        }
        List<Node> nodes = new ArrayList<>();
        while (next < pieces.size()) {
            Piece piece = pieces.get(next);
            if (!piece.statement()) {
                next++;
                nodes.add(piece.output() ? output(piece) : new JinjaSyntax.Text(piece.text()));
                continue;
            }
            String keyword = piece.tokens().getFirst().text();
            if (endings.contains(keyword)) {
                depth--;
                return nodes;
            }
            next++;
            Node node = statement(keyword, new JinjaExpressions(source, limits, piece.tokens(), 1), piece);
            if (node != null) {
                nodes.add(node);
            }
        }
        if (!endings.isEmpty()) {
            throw new TemplateException("the template ends before one of " + endings);
        }
        depth--;
        return nodes;
    }

    private Node output(Piece piece) {
        JinjaExpressions expressions = new JinjaExpressions(source, limits, piece.tokens(), 0);
        Expr value = expressions.tuple(true);
        expressions.expectEnd();
        return new JinjaSyntax.Output(value);
    }

    private Node statement(String keyword, JinjaExpressions tag, Piece piece) {
        return switch (keyword) {
            case "if" -> ifStatement(tag);
            case "for" -> forStatement(tag);
            case "set" -> set(tag);
            case "macro" -> macro(tag);
            case "call" -> call(tag);
            case "break", "continue" -> {
                tag.expectEnd();
                yield new JinjaSyntax.LoopControl(keyword.equals("break"));
            }
            case "generation" -> block(tag, "endgeneration");
            case "filter" -> filterBlock(tag);
            case "raw" -> null;
            default -> throw tag.error(piece.tokens().getFirst(), "unknown tag '" + keyword + "'");
        };
    }

    private Node ifStatement(JinjaExpressions tag) {
        List<Branch> branches = new ArrayList<>();
        Expr condition = tag.tuple(true);
        tag.expectEnd();
        while (true) {
            List<Node> body = body(Set.of("elif", "else", "endif"));
            branches.add(new Branch(condition, body));
            JinjaExpressions closing = closing();
            String keyword = closing.take().text();
            if (keyword.equals("elif")) {
                condition = closing.tuple(true);
                closing.expectEnd();
            } else if (keyword.equals("else")) {
                closing.expectEnd();
                List<Node> orElse = body(Set.of("endif"));
                closing();
                return new JinjaSyntax.If(branches, orElse);
            } else {
                return new JinjaSyntax.If(branches, List.of());
            }
        }
    }

    /** The statement that ended a body, its keyword still to be taken. */
    private JinjaExpressions closing() {
        Piece piece = pieces.get(next++);
        return new JinjaExpressions(source, limits, piece.tokens(), 0);
    }

    private Node forStatement(JinjaExpressions tag) {
        List<String> targets = targets(tag);
        tag.expect("in");
        Expr iterable = tag.tuple(false);
        Expr filter = tag.skip("if") ? tag.expression() : null;
        boolean recursive = tag.skip("recursive");
        tag.expectEnd();
        List<Node> body = body(Set.of("else", "endfor"));
        List<Node> orElse = List.of();
        JinjaExpressions closing = closing();
        if (closing.take().text().equals("else")) {
            orElse = body(Set.of("endfor"));
            closing();
        }
        return new JinjaSyntax.For(targets, iterable, filter, recursive, body, orElse);
    }

    private static List<String> targets(JinjaExpressions tag) {
        boolean parenthesized = tag.skip("(");
        List<String> names = new ArrayList<>();
        do {
            names.add(tag.name());
        } while (tag.skip(","));
        if (parenthesized) {
            tag.expect(")");
        }
        return names;
    }

    private Node set(JinjaExpressions tag) {
        if (tag.peek().kind() == Kind.NAME && tag.peek(1).is(".")) {
            String namespace = tag.name();
            tag.expect(".");
            String attribute = tag.name();
            tag.expect("=");
            Expr value = tag.tuple(true);
            tag.expectEnd();
            return new JinjaSyntax.Set(List.of(namespace), attribute, value);
        }
        List<String> targets = targets(tag);
        if (tag.atEnd() && targets.size() == 1) {
            List<Node> body = body(Set.of("endset"));
            closing();
            return new JinjaSyntax.SetBlock(targets.getFirst(), body);
        }
        tag.expect("=");
        Expr value = tag.tuple(true);
        tag.expectEnd();
        return new JinjaSyntax.Set(targets, null, value);
    }

    private Node macro(JinjaExpressions tag) {
        String name = tag.name();
        tag.expect("(");
        List<String> parameters = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        while (!tag.skip(")")) {
            if (!parameters.isEmpty()) {
                tag.expect(",");
            }
            parameters.add(tag.name());
            defaults.add(tag.skip("=") ? tag.expression() : null);
        }
        tag.expectEnd();
        List<Node> body = body(Set.of("endmacro"));
        closing();
        return new JinjaSyntax.Macro(name, parameters, defaults, body);
    }

    private Node call(JinjaExpressions tag) {
        Expr call = tag.expression();
        tag.expectEnd();
        List<Node> body = body(Set.of("endcall"));
        closing();
        return new JinjaSyntax.CallBlock(call, body);
    }

    /** A block whose tags only mark a region, such as Hugging Face's {@code {% generation %}}: its body renders. */
    private Node block(JinjaExpressions tag, String ending) {
        tag.expectEnd();
        List<Node> body = body(Set.of(ending));
        closing();
        return new JinjaSyntax.If(List.of(new Branch(new JinjaSyntax.Literal(true, 0), body)), List.of());
    }

    private Node filterBlock(JinjaExpressions tag) {
        String name = tag.name();
        JinjaSyntax.Args args = tag.skip("(") ? tag.arguments() : JinjaSyntax.Args.NONE;
        tag.expectEnd();
        List<Node> body = body(Set.of("endfilter"));
        closing();
        return new JinjaSyntax.FilterBlock(name, args, body);
    }
}
