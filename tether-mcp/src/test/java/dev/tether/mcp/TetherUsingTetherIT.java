package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolsConfig;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tether's MCP client using Tether's own MCP server (tether-mcp over stdio) as a third-party server. */
class TetherUsingTetherIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anotherTethersToolsAnswerStructuredResultsAndErrors(@TempDir java.nio.file.Path dir) {
        List<String> command = ExternalProcess.mcpMain(TestTools.config(dir));
        String args = command.subList(1, command.size()).stream()
                .map(a -> "\"" + a + "\"")
                .collect(Collectors.joining(", ", "[", "]"));
        Config servers = Config.just(ConfigSources.create(
                        "servers:\n  - { name: inner, command: \"" + command.getFirst() + "\", args: " + args + " }\n",
                        MediaTypes.APPLICATION_X_YAML))
                .get("servers");
        var config = new ToolsConfig(
                List.of(),
                List.of(),
                Duration.ofSeconds(30),
                dir.resolve("outer"),
                new ToolsConfig.External(servers, "", 60, 100_000));
        try (ToolRegistry tools = ToolRegistry.fromConfig(config, System::getenv)) {
            assertThat(tools.specs())
                    .extracting(s -> s.name())
                    .contains("inner__echo", "inner__always_fails", "inner__get_current_time");
            // the inner Tether says always_fails is destructive: the outer one keeps that
            assertThat(tools.spec("inner__always_fails").orElseThrow().hints().destructive())
                    .isTrue();

            ToolOutcome echo = tools.invoke(
                    "inner__echo", JSON.createObjectNode().put("text", "ab").put("times", 2));
            assertThat(echo.error()).isNull();
            assertThat(echo.result().path("structured").path("text").asText()).isEqualTo("abab");

            ToolOutcome failed = tools.invoke("inner__always_fails", JSON.createObjectNode());
            assertThat(failed.error()).contains("the service behind this tool is down");

            ToolOutcome invalid =
                    tools.invoke("inner__echo", JSON.createObjectNode().put("times", 9));
            assertThat(invalid.error()).contains("text");
        }
    }
}
