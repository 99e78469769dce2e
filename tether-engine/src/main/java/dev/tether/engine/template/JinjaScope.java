package dev.tether.engine.template;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables visible at one point of a render. Loops and macro calls open a child scope, so a {@code set} inside
 * them is not seen outside (which is why templates use {@code namespace}); {@code if} blocks do not.
 */
final class JinjaScope {

    private static final Object ABSENT = new Object();

    private final JinjaScope parent;
    private final Map<String, Object> variables = new HashMap<>();

    JinjaScope(JinjaScope parent) {
        this.parent = parent;
    }

    JinjaScope(Map<String, ?> variables) {
        this.parent = null;
        this.variables.putAll(variables);
    }

    /** The value, or {@link JinjaValues.Undefined} when no scope up the chain has the name. */
    Object get(String name) {
        for (JinjaScope scope = this; scope != null; scope = scope.parent) {
            Object value = scope.variables.getOrDefault(name, ABSENT);
            if (value != ABSENT) {
                return value;
            }
        }
        return new JinjaValues.Undefined(name);
    }

    void set(String name, Object value) {
        variables.put(name, value);
    }
}
