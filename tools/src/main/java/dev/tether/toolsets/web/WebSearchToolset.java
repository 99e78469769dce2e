package dev.tether.toolsets.web;

import dev.tether.tool.SharedToolset;
import dev.tether.tool.ToolContext;
import java.util.List;

/** {@code web_search}: web search through the Brave Search API (needs its key). */
public final class WebSearchToolset extends SharedToolset<ToolContext> {

    public WebSearchToolset() {
        super("web_search", context -> context, List.of(member(WebSearchTool.class, WebSearchTool::new)));
    }
}
