package dev.tether.tool;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a parameter of a tool's {@code run} method. The parameter's Java name (compiled with
 * {@code -parameters}) is its JSON name unless {@link #name()} is set; its Java type gives the JSON type
 * (a Java enum gives an {@code enum} of its lower-cased constants). A parameter without a default is required.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Param {
    String NO_DEFAULT = "\u0000";

    String name() default "";

    String description() default "";

    /** The default, written as JSON would write it ({@code "UTC"} → {@code UTC}, {@code 5}, {@code true}). */
    String defaultValue() default NO_DEFAULT;

    /** Allowed values of a string parameter (an enum without a Java enum). */
    String[] allowed() default {};

    /** Inclusive bounds of a number parameter. */
    double minimum() default Double.NEGATIVE_INFINITY;

    double maximum() default Double.POSITIVE_INFINITY;
}
