package dev.tether.mcp;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A network tool for tests: records what it would have sent. */
@ToolInfo(name = "post", openWorld = true, description = "Posts a text to a web service.")
public final class PostTool {

    final Queue<String> sent = new ConcurrentLinkedQueue<>();

    public String run(@Param(description = "The text") String text) {
        sent.add(text);
        return "posted";
    }
}
