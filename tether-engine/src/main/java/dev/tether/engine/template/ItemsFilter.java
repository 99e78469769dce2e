package dev.tether.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code mapping | items}: the (key, value) pairs, for {@code {% for k, v in args | items %}}. */
final class ItemsFilter implements Filter {

    @Override
    public String getName() {
        return "items";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
        if (!(value instanceof Map<?, ?> map)) {
            return List.of();
        }
        return new ArrayList<>(map.entrySet());
    }
}
