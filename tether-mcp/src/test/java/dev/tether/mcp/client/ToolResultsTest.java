package dev.tether.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.ToolOutcome;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolResultsTest {

    private final ToolResults results = new ToolResults(new ObjectMapper(), 50);

    private static McpSchema.CallToolResult result(
            List<McpSchema.Content> content, Boolean isError, Object structured) {
        return new McpSchema.CallToolResult(content, isError, structured, null);
    }

    @Test
    void textPartsAreJoinedAndImagesAudioAndLinksAreNamedWithTypeAndSize() {
        String png = Base64.getEncoder().encodeToString(new byte[12 * 1024]);
        var content = List.<McpSchema.Content>of(
                new McpSchema.TextContent("two"),
                new McpSchema.ImageContent(null, png, "image/png"),
                McpSchema.ResourceLink.builder()
                        .name("r")
                        .uri("file:///a.txt")
                        .mimeType("text/plain")
                        .size(2048L)
                        .build());
        ToolOutcome out = new ToolResults(new ObjectMapper(), 10_000).outcome("t", result(content, false, null));
        assertThat(out.result().asText())
                .isEqualTo("two\n[image: image/png, 12 KB]\n[resource link: file:///a.txt, text/plain, 2 KB]");
    }

    @Test
    void anErrorResultIsAToolErrorWithTheServersText() {
        ToolOutcome out =
                results.outcome("files__read", result(List.of(new McpSchema.TextContent("no such file")), true, null));
        assertThat(out.error()).isEqualTo("no such file");
        assertThat(results.outcome("x", result(List.of(), true, null)).error()).contains("gave no reason");
    }

    @Test
    void aLongResultIsCutWithAMarkerAndStructuredContentIsKeptAsJson() {
        ToolOutcome cut = results.outcome("t", result(List.of(new McpSchema.TextContent("y".repeat(80))), false, null));
        assertThat(cut.result().asText())
                .startsWith("y".repeat(50))
                .endsWith("[result cut: 50 of 80 characters shown (limits.max_tool_result_chars)]");
        ToolOutcome structured =
                results.outcome("t", result(List.of(new McpSchema.TextContent("{\"a\":1}")), false, Map.of("a", 1)));
        assertThat(structured.result().path("structured").path("a").asInt()).isEqualTo(1);
        assertThat(structured.result().path("text").asText()).isEqualTo("{\"a\":1}");
    }
}
