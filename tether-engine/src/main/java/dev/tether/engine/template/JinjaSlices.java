package dev.tether.engine.template;

import java.util.ArrayList;
import java.util.List;

/** Python's {@code seq[start:stop:step]} on lists and strings, negative indices and steps included. */
final class JinjaSlices {

    private JinjaSlices() {}

    static Object slice(Object target, Object start, Object stop, Object step) {
        if (target instanceof JinjaValues.Undefined undefined) {
            throw undefined.fail();
        }
        boolean text = target instanceof String;
        List<Object> items = PythonValues.iterate(target);
        long by = step == null ? 1 : PythonValues.number(step).longValue();
        if (by == 0) {
            throw new TemplateException("slice step cannot be zero");
        }
        int size = items.size();
        long from = bound(start, size, by, true);
        long to = bound(stop, size, by, false);
        List<Object> out = new ArrayList<>();
        for (long i = from; by > 0 ? i < to : i > to; i += by) {
            out.add(items.get((int) i));
        }
        if (text) {
            StringBuilder joined = new StringBuilder();
            out.forEach(joined::append);
            return joined.toString();
        }
        return out;
    }

    private static long bound(Object value, int size, long step, boolean start) {
        if (value == null) {
            return step > 0 ? (start ? 0 : size) : (start ? size - 1 : -1);
        }
        long index = PythonValues.number(value).longValue();
        if (index < 0) {
            index += size;
        }
        if (step > 0) {
            return Math.max(0, Math.min(index, size));
        }
        return Math.max(-1, Math.min(index, size - 1));
    }
}
