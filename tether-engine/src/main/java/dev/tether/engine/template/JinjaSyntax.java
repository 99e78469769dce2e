package dev.tether.engine.template;

import java.util.List;
import java.util.Map;

/** The parsed form of a template: statements ({@link Node}) and expressions ({@link Expr}). */
final class JinjaSyntax {

    private JinjaSyntax() {}

    sealed interface Node permits Text, Output, If, For, Set, SetBlock, Macro, CallBlock, FilterBlock, LoopControl {}

    record Text(String text) implements Node {}

    record Output(Expr value) implements Node {}

    record Branch(Expr condition, List<Node> body) {}

    record If(List<Branch> branches, List<Node> orElse) implements Node {}

    record For(List<String> targets, Expr iterable, Expr filter, boolean recursive, List<Node> body, List<Node> orElse)
            implements Node {}

    /** {@code {% set a = … %}}, {@code {% set a, b = … %}} or {@code {% set ns.attr = … %}}. */
    record Set(List<String> targets, String attribute, Expr value) implements Node {}

    record SetBlock(String target, List<Node> body) implements Node {}

    record Macro(String name, List<String> parameters, List<Expr> defaults, List<Node> body) implements Node {}

    record CallBlock(Expr call, List<Node> body) implements Node {}

    record FilterBlock(String filter, Args args, List<Node> body) implements Node {}

    record LoopControl(boolean isBreak) implements Node {}

    record Args(List<Expr> positional, Map<String, Expr> named) {
        static final Args NONE = new Args(List.of(), Map.of());
    }

    sealed interface Expr
            permits Literal,
                    Name,
                    ListExpr,
                    TupleExpr,
                    DictExpr,
                    Attribute,
                    Item,
                    Slice,
                    Call,
                    Filter,
                    Test,
                    Unary,
                    Binary,
                    Compare,
                    Conditional {
        /** Offset in the source, for error messages. */
        int at();
    }

    record Literal(Object value, int at) implements Expr {}

    record Name(String name, int at) implements Expr {}

    record ListExpr(List<Expr> items, int at) implements Expr {}

    record TupleExpr(List<Expr> items, int at) implements Expr {}

    record DictExpr(List<Expr> keys, List<Expr> values, int at) implements Expr {}

    record Attribute(Expr target, String name, int at) implements Expr {}

    record Item(Expr target, Expr key, int at) implements Expr {}

    record Slice(Expr target, Expr start, Expr stop, Expr step, int at) implements Expr {}

    record Call(Expr callee, Args args, int at) implements Expr {}

    record Filter(Expr value, String name, Args args, int at) implements Expr {}

    record Test(Expr value, String name, Args args, boolean negated, int at) implements Expr {}

    /** {@code not}, {@code -} or {@code +}. */
    record Unary(String op, Expr operand, int at) implements Expr {}

    /** Arithmetic, {@code ~}, {@code and}, {@code or}. */
    record Binary(String op, Expr left, Expr right, int at) implements Expr {}

    /** A chain such as {@code a < b <= c}; the operators include {@code in} and {@code not in}. */
    record Compare(Expr first, List<String> ops, List<Expr> rest, int at) implements Expr {}

    record Conditional(Expr condition, Expr then, Expr orElse, int at) implements Expr {}
}
