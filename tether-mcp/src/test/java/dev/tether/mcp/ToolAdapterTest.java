package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.NetworkReach;
import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import dev.tether.tool.ToolRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ToolAdapterTest {

    private final ToolRegistry registry = TestTools.registry();
    private final ToolAdapter adapter = new ToolAdapter(registry, new ObjectMapper());

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aToolKeepsItsGeneratedSchemaDescriptionAndHints() {
        Tool echo = adapter.tool(registry.spec("echo").orElseThrow());
        assertThat(echo.name()).isEqualTo("echo");
        assertThat(echo.description()).isEqualTo("Repeats a text a number of times, in a case style.");
        assertThat(echo.inputSchema()).containsEntry("type", "object");
        JsonNode schema = new ObjectMapper().valueToTree(echo.inputSchema());
        assertThat(schema).isEqualTo(registry.spec("echo").orElseThrow().inputSchema());
        assertThat(echo.annotations().readOnlyHint()).isTrue();
        assertThat(echo.annotations().destructiveHint()).isFalse();
        assertThat(echo.annotations().openWorldHint()).isFalse();
    }

    @Test
    void anObjectResultIsTheStructuredContentAndItsJsonTheText() {
        CallToolResult result = adapter.call("echo", Map.of("text", "ab", "times", 2));
        assertThat(result.isError()).isFalse();
        assertThat(result.structuredContent()).isEqualTo(Map.of("text", "abab", "times", 2));
        assertThat(text(result)).isEqualTo("{\"text\":\"abab\",\"times\":2}");
    }

    @Test
    void afterAnyClientReadPrivateDataANetworkToolIsRefusedUnlessAllowed() {
        PostTool post = new PostTool();
        try (ToolRegistry tools = ToolRegistry.builder()
                .add("diary", new DiaryTool())
                .add("post", post)
                .build()) {
            ToolAdapter refusing = new ToolAdapter(tools, new ObjectMapper(), false);
            assertThat(refusing.call("post", Map.of("text", "hello")).isError()).isFalse();
            assertThat(refusing.call("diary", Map.of()).isError()).isFalse();
            CallToolResult refused = refusing.call("post", Map.of("text", "the code is 4711"));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused))
                    .contains("needs the user's approval")
                    .contains("diary")
                    .contains("until Tether restarts");

            ToolAdapter allowing = new ToolAdapter(tools, new ObjectMapper(), true);
            allowing.call("diary", Map.of());
            assertThat(allowing.call("post", Map.of("text", "allowed 4711")).isError())
                    .isFalse();
            assertThat(post.sent).containsExactly("hello", "allowed 4711");
        }
    }

    /** Sends its text only when a call asks to, like {@code mail_draft_reply} with {@code send: true}. */
    @ToolInfo(name = "reply", readOnly = false, description = "Saves a reply, or sends it.")
    public static final class ReplyTool implements NetworkReach {
        final Queue<String> sent = new ConcurrentLinkedQueue<>();

        public String run(
                @Param(description = "text") String text,
                @Param(description = "send it", defaultValue = "false") boolean send) {
            if (send) {
                sent.add(text);
            }
            return send ? "sent" : "saved";
        }

        @Override
        public boolean reachesNetwork() {
            return true;
        }

        @Override
        public boolean reachesNetwork(JsonNode arguments) {
            return !arguments.path("send").asText("false").equals("false");
        }
    }

    @Test
    void aToolThatSendsOnlySometimesIsRefusedOnlyForTheCallsThatSend() {
        ReplyTool reply = new ReplyTool();
        try (ToolRegistry tools = ToolRegistry.builder()
                .add("diary", new DiaryTool())
                .add("reply", reply)
                .build()) {
            ToolAdapter adapter = new ToolAdapter(tools, new ObjectMapper(), false);
            assertThat(adapter.tool(tools.spec("reply").orElseThrow())
                            .annotations()
                            .openWorldHint())
                    .isTrue();
            adapter.call("diary", Map.of());
            assertThat(adapter.call("reply", Map.of("text", "draft 4711")).isError())
                    .isFalse();
            CallToolResult refused = adapter.call("reply", Map.of("text", "the code is 4711", "send", true));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("reply sends its arguments off this machine");
            assertThat(reply.sent).isEmpty();
        }
    }

    @Test
    void aNonObjectResultIsWrapped() {
        CallToolResult result = adapter.call("count_to", Map.of("n", 2));
        assertThat(result.structuredContent()).isEqualTo(Map.of("result", List.of(1, 2)));
    }

    @Test
    void aFailureIsAnErrorResultWithTheToolsMessage() {
        CallToolResult result = adapter.call("always_fails", null);
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("the service behind this tool is down");
    }

    @Test
    void badArgumentsAreRefusedWithTheRegistrysMessage() {
        CallToolResult result = adapter.call("echo", Map.of("text", "x", "times", 9));
        assertThat(result.isError()).isTrue();
        assertThat(text(result))
                .isEqualTo(registry.invoke("echo", new ObjectMapper().valueToTree(Map.of("text", "x", "times", 9)))
                        .error());
        assertThat(text(result)).contains("times");
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().getFirst()).text();
    }
}
