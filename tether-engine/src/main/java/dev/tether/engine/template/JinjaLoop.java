package dev.tether.engine.template;

import java.util.List;
import java.util.Optional;

/** The {@code loop} variable of a {@code for} block: its position, neighbours, {@code cycle} and {@code changed}. */
final class JinjaLoop {

    private final List<Object> items;
    private final int depth;
    private final JinjaValues.Callable recurse;
    private int index;
    private Object lastChanged = new Object();

    JinjaLoop(List<Object> items, int depth, JinjaValues.Callable recurse) {
        this.items = items;
        this.depth = depth;
        this.recurse = recurse;
    }

    void moveTo(int index) {
        this.index = index;
    }

    int depth() {
        return depth;
    }

    JinjaValues.Callable recurse() {
        return recurse;
    }

    Optional<Object> attribute(String name) {
        int length = items.size();
        Object value = switch (name) {
            case "index" -> (long) index + 1;
            case "index0" -> (long) index;
            case "revindex" -> (long) (length - index);
            case "revindex0" -> (long) (length - index - 1);
            case "first" -> index == 0;
            case "last" -> index == length - 1;
            case "length" -> (long) length;
            case "depth" -> (long) depth;
            case "depth0" -> (long) depth - 1;
            case "previtem" -> index > 0 ? items.get(index - 1) : new JinjaValues.Undefined("loop.previtem");
            case "nextitem" -> index + 1 < length ? items.get(index + 1) : new JinjaValues.Undefined("loop.nextitem");
            case "cycle" ->
                (JinjaValues.Callable) (args, kwargs) -> args.isEmpty() ? null : args.get(index % args.size());
            case "changed" ->
                (JinjaValues.Callable) (args, kwargs) -> {
                    boolean changed = !PythonValues.equal(lastChanged, args);
                    lastChanged = args;
                    return changed;
                };
            default -> null;
        };
        return Optional.ofNullable(value);
    }
}
