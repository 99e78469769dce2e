package dev.tether.engine.template;

import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kinds of value a template sees besides strings, numbers, booleans, None, lists and dicts. */
final class JinjaValues {

    private JinjaValues() {}

    /** A name or attribute that does not exist: prints as nothing, is false, iterates as empty, fails on use. */
    record Undefined(String name) {
        TemplateException fail() {
            return new TemplateException("'" + name + "' is undefined");
        }

        @Override
        public String toString() {
            return "";
        }
    }

    /**
     * Text marked safe ({@code |safe}, {@code |escape}): like Python's {@code Markup}, adding a plain string to it
     * HTML-escapes that string, which some templates (functionary's) rely on without meaning to.
     */
    record Markup(String text) {
        static String escape(String text) {
            return text.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&#34;")
                    .replace("'", "&#39;");
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Something a template can call: a function, a macro or a bound method. */
    @FunctionalInterface
    interface Callable {
        Object call(List<Object> args, Map<String, Object> kwargs);
    }

    /** Python's tuple: a list that prints with parentheses. */
    static final class Tuple extends AbstractList<Object> {
        private final List<Object> items;

        Tuple(List<Object> items) {
            this.items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
        }

        @Override
        public Object get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }
    }

    /** What {@code namespace(…)} makes: the one object whose attributes a template may assign from a loop. */
    static final class Namespace {
        final Map<String, Object> values = new LinkedHashMap<>();

        @Override
        public String toString() {
            return "<Namespace " + PythonValues.repr(values) + ">";
        }
    }
}
