package dev.tether.tool;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a tool class: its default name, what it does (the model reads this), and its MCP hints. The class has
 * exactly one public method named {@code run}; its parameters, annotated with {@link Param}, become the tool's
 * JSON Schema.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ToolInfo {
    /** The name used when the registry entry gives none. */
    String name();

    String description();

    /** The tool only reads (MCP {@code readOnlyHint}). */
    boolean readOnly() default true;

    /** The tool may destroy or overwrite data (MCP {@code destructiveHint}). */
    boolean destructive() default false;

    /** The tool reaches outside the machine (MCP {@code openWorldHint}); or its package says so ({@link ToolPackage}). */
    boolean openWorld() default false;

    /**
     * The tool reads the user's private data (files, mail, calendar, knowledge base): after it, a call to an
     * {@link #openWorld} tool in the same conversation needs the user's approval ({@code tools.approval}). Also
     * set for every tool of a package whose {@link ToolPackage} says so.
     */
    boolean privateData() default false;
}
