package dev.tether.engine.template;

/**
 * What one render of a template from a model file may cost, whatever the template does: the work (steps), the size
 * of any string or collection it builds, and how deeply its syntax and calls nest. Each limit breaks the render with
 * a {@link TemplateException}, after which the caller falls back to the built-in format.
 */
final class JinjaLimits {

    /** The prompt's length. */
    static final long MAX_OUTPUT_CHARS = 4_000_000;
    /** The length of any one string or collection the template builds (the padding of a filter included). */
    static final long MAX_VALUE_SIZE = 4_000_000;
    /**
     * Loop iterations, calls and filters, each item of a collection built or walked, and a step for each 64
     * characters of a string built.
     */
    static final long MAX_STEPS = 5_000_000;
    /** Nested parentheses, brackets, operators and blocks in the source. */
    static final int MAX_NESTING = 100;
    /** Nested macro calls and recursive loops. */
    static final int MAX_CALL_DEPTH = 200;

    private JinjaLimits() {}

    /** Refuses to build a value of {@code size} characters or items before it is built. */
    static void size(long size, String what) {
        if (size > MAX_VALUE_SIZE || size < 0) {
            throw new TemplateException(what + " is over limit (" + MAX_VALUE_SIZE + " characters or items)");
        }
    }
}
