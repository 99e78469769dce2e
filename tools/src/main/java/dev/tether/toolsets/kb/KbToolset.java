package dev.tether.toolsets.kb;

import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolUnavailableException;
import dev.tether.tool.Toolset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code kb}: kb_search and kb_index_status on one knowledge base (one index, one scanner) per args node. A
 * registry has one instance of this class, which refuses a second base on an index folder already open with
 * other settings (the two would fight over the index).
 */
public final class KbToolset implements Toolset {

    private final Map<Path, KbSettings> open = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "kb";
    }

    @Override
    public List<Class<?>> toolClasses() {
        return List.of(KbSearchTool.class, KbIndexStatusTool.class);
    }

    @Override
    public Opened open(ToolContext context) {
        KbSettings settings = KbSettings.from(context);
        KbSettings other = open.putIfAbsent(settings.indexDir(), settings);
        if (other != null) {
            throw new ToolUnavailableException("knowledge base '" + settings.name() + "' is configured differently "
                    + "by another entry; give kb_search and kb_index_status the same args");
        }
        KnowledgeBase base;
        try {
            base = KnowledgeBase.open(settings);
        } catch (RuntimeException e) {
            open.remove(settings.indexDir());
            throw e;
        }
        return new Opened() {
            @Override
            public Object create(Class<?> type) {
                return type == KbSearchTool.class ? new KbSearchTool(base) : new KbIndexStatusTool(base);
            }

            @Override
            public void close() {
                base.close();
                open.remove(settings.indexDir());
            }
        };
    }
}
