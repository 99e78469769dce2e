package dev.tether.tools.kb;

import dev.tether.engine.tool.ToolUnavailableException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The open knowledge bases by index directory, so the tools configured on one base share its index. */
final class KnowledgeBases {

    private static final Map<Path, KnowledgeBase> OPEN = new HashMap<>();

    private KnowledgeBases() {
    }

    /** The base for {@code settings}, opened on first use; each acquire needs a {@link #release}. */
    static synchronized KnowledgeBase acquire(KbSettings settings) {
        KnowledgeBase base = OPEN.get(settings.indexDir());
        if (base == null) {
            base = new KnowledgeBase(settings);
            OPEN.put(settings.indexDir(), base);
            base.refresh(false); // index from the start, so the first search finds the index ready
        } else if (!base.settings().equals(settings)) {
            throw new ToolUnavailableException("knowledge base '" + settings.name() + "' is configured differently "
                    + "by another tool; give kb_search and kb_index_status the same args");
        }
        base.users().incrementAndGet();
        return base;
    }

    static synchronized void release(KnowledgeBase base) {
        if (base.users().decrementAndGet() == 0) {
            OPEN.remove(base.settings().indexDir());
            base.close();
        }
    }
}
