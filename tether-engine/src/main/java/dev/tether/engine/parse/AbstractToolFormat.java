package dev.tether.engine.parse;

import java.util.function.IntFunction;

/** A format's name and the parser it reads with, given once by each format's constructor. */
abstract class AbstractToolFormat implements ToolFormat {

    private final String name;
    private final IntFunction<ToolCallParser> parsers;

    /** {@code parsers} makes a parser for a {@code max_tool_chars}. */
    AbstractToolFormat(String name, IntFunction<ToolCallParser> parsers) {
        this.name = name;
        this.parsers = parsers;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ToolCallParser newParser(int maxToolChars) {
        return parsers.apply(maxToolChars);
    }
}
