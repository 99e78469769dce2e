package dev.tether.toolsets.kb;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How far the knowledge base's index is: files and passages, a running scan, files that failed. */
@ToolInfo(
        name = "kb_index_status",
        description = "Reports the state of the user's knowledge base index: folders, indexed files and passages, "
                + "whether indexing is running and how far, when it last finished, files that could not be read. "
                + "With refresh: true it rescans the folders first.")
public final class KbIndexStatusTool {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(
            String name,
            List<String> folders,
            String indexDir,
            int files,
            int passages,
            boolean indexing,
            String progress,
            String lastScan,
            Long lastScanMs,
            Integer lastChanged,
            boolean readOnly,
            Map<String, String> errors) {}

    private final KnowledgeBase base;

    KbIndexStatusTool(KnowledgeBase base) {
        this.base = base;
    }

    public Status run(
            @Param(description = "Rescan the folders now (waits up to wait_sec for it)", defaultValue = "false")
                    boolean refresh) {
        if (refresh) {
            KnowledgeBase.await(base.refresh(true), base.settings().searchWait());
        }
        Scanner.Progress p = base.progress();
        KbSettings s = base.settings();
        return new Status(
                s.name(),
                s.folders().stream().map(Path::toString).toList(),
                s.indexDir().toString(),
                base.files(),
                base.passages(),
                p.running(),
                p.running() ? p.indexed() + "/" + p.toIndex() + " files" : null,
                p.lastFinished() == null ? null : p.lastFinished().toString(),
                p.lastFinished() == null ? null : p.lastMillis(),
                p.lastFinished() == null ? null : p.lastChanged(),
                base.readOnly(),
                p.errors().isEmpty() ? null : p.errors());
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.kbStatus(arguments, result);
    }
}
