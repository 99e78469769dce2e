package dev.tether.engine.parse;

import java.util.List;

/**
 * An incremental parser of one model output. Text that cannot be the start of tool-call markup is emitted at once;
 * only a possible markup prefix is held back. The events never depend on how the output was chunked.
 * One instance per model call; not thread-safe.
 */
public interface ToolCallParser {

    /** Feeds the next chunk of model text; returns what is now certain. */
    List<ParseEvent> feed(String chunk);

    /** The output ended; flushes what was held back (an unclosed call becomes {@link ParseEvent.Invalid}). */
    List<ParseEvent> finish();
}
