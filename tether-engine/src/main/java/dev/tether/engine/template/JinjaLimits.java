package dev.tether.engine.template;

/**
 * What one render of a template from a model file may cost, whatever the template does: the work (steps), the size
 * of any string or collection it builds, the prompt's length, and how deeply its syntax and calls nest. Each limit
 * breaks the render with a {@link TemplateException}, after which the caller falls back to the built-in format.
 *
 * @param maxSteps loop iterations, calls and filters, each item of a collection built or walked, and a step for each
 *     64 characters of a string built
 * @param maxValueChars the length of any one string or collection the template builds (a filter's padding included)
 * @param maxOutputChars the prompt's length
 * @param maxNesting nested parentheses, brackets, operators and blocks in the source
 * @param maxCallDepth nested macro calls and recursive loops
 */
public record JinjaLimits(long maxSteps, long maxValueChars, long maxOutputChars, int maxNesting, int maxCallDepth) {

    public static final JinjaLimits DEFAULTS = new JinjaLimits(5_000_000, 4_000_000, 4_000_000, 100, 200);

    public JinjaLimits {
        if (maxSteps < 1 || maxValueChars < 1 || maxOutputChars < 1 || maxNesting < 1 || maxCallDepth < 1) {
            throw new IllegalArgumentException("every template limit must be at least 1");
        }
    }

    /** Refuses to build a value of {@code size} characters or items before it is built. */
    void size(long size, String what) {
        if (size > maxValueChars || size < 0) {
            throw new TemplateException(what + " is over limit (" + maxValueChars + " characters or items)");
        }
    }
}
