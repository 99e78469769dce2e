package dev.tether.toolsets.kb;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tether.tool.Param;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keyword search (BM25) over the user's knowledge base folders, answering with citable passages. */
@ToolInfo(
        name = "kb_search",
        description = "Searches the user's knowledge base (their notes and documents: Markdown, text, HTML, PDF) "
                + "by keywords (and by meaning when an embedding service is configured) and returns the best "
                + "passages with file path, line range (and page for PDFs), so "
                + "you can quote and cite them. Supports \"exact phrases\", AND/OR/NOT and prefix*.")
public final class KbSearchTool {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Passage(
            String path,
            Integer page,
            int lineStart,
            int lineEnd,
            int charStart,
            int charEnd,
            double score,
            String match,
            String text) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Results(String query, List<Passage> passages, Boolean indexing, String note) {}

    private final KnowledgeBase base;

    KbSearchTool(KnowledgeBase base) {
        this.base = base;
    }

    public Results run(
            @Param(description = "Keywords or a question") String query,
            @Param(description = "How many passages", defaultValue = "5", minimum = 1, maximum = 50) int limit) {
        if (query == null || query.isBlank()) {
            throw new ToolException("query must not be empty");
        }
        boolean fresh = KnowledgeBase.await(base.refresh(false), base.settings().searchWait());
        List<String> notes = new ArrayList<>();
        Optional<float[]> vector = Optional.empty();
        try {
            vector = base.embed(query.strip());
        } catch (ToolException e) {
            notes.add("search by meaning is unavailable (" + e.getMessage() + "); these are keyword matches");
        }
        List<Passage> passages = base.search(query.strip(), vector, Math.max(1, Math.min(limit, 50))).stream()
                .map(KbSearchTool::passage)
                .toList();
        if (!fresh) {
            notes.add("indexing is still running; results may be incomplete");
        }
        if (base.readOnly()) {
            notes.add("the index is kept by another Tether process and may lag behind");
        }
        return new Results(
                query.strip(), passages, fresh ? null : true, notes.isEmpty() ? null : String.join("; ", notes));
    }

    private static Passage passage(KbIndex.Hit hit) {
        Chunk c = hit.chunk();
        return new Passage(
                hit.path(),
                c.page() > 0 ? c.page() : null,
                c.lineStart(),
                c.lineEnd(),
                c.charStart(),
                c.charEnd(),
                Math.round(hit.score() * 10000) / 10000.0,
                hit.match(),
                c.text());
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.kbSearch(arguments, result);
    }
}
