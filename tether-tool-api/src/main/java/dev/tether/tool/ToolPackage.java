package dev.tether.tool;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The hints every tool class in a package shares, declared once in its {@code package-info.java}: a tool added to
 * the mail package, say, cannot forget that it reads private data. A tool's own {@link ToolInfo} may add to them,
 * never take them away.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface ToolPackage {

    /** Every tool here reaches outside the machine, as {@link ToolInfo#openWorld()}. */
    boolean openWorld() default false;

    /** Every tool here reads the user's private data, as {@link ToolInfo#privateData()}. */
    boolean privateData() default false;
}
