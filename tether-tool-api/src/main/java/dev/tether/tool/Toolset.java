package dev.tether.tool;

import java.util.List;

/**
 * A group of tools that share one {@code args} node and what they open on it (a mail account, a search index).
 * Built-in toolsets are listed in {@code META-INF/services/dev.tether.tool.Toolset}, so a configuration can name
 * them, or one of their tools, by a short name instead of a class name.
 */
public interface Toolset {

    /** The short name a registry entry's {@code impl} may use, e.g. {@code mail}. */
    String name();

    /** The tool classes, each annotated with {@link ToolInfo}, in the order they are listed. */
    List<Class<?>> toolClasses();

    /**
     * Opens what the tools share on one entry's args. A {@link ToolUnavailableException} makes every tool of the
     * set unavailable with its reason; a {@code ConfigException} stops start-up.
     */
    Opened open(ToolContext context);

    /** An opened toolset: creates its tools and closes what they share. */
    interface Opened extends AutoCloseable {

        /** A new tool of {@code type} (one of {@link #toolClasses()}); may throw {@link ToolUnavailableException}. */
        Object create(Class<?> type);

        @Override
        default void close() {}
    }
}
