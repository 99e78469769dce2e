package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolsConfig;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tether's own MCP server passes another server's tools on only where that server says reexport: true. */
class ReexportIT {

    @Test
    void onlyReexportedServersToolsAreServedOverTethersMcp(@TempDir Path dir) {
        String everything = Path.of(
                        "src/test/mcp-servers/node_modules/@modelcontextprotocol/server-everything/" + "dist/index.js")
                .toAbsolutePath()
                .toString();
        Config servers = Config.just(
                        ConfigSources.create("""
                servers:
                  - { name: shared, command: node, args: ["%s", stdio], reexport: true, tools: [echo] }
                  - { name: private, command: node, args: ["%s", stdio], tools: [echo] }
                """.formatted(everything, everything), MediaTypes.APPLICATION_X_YAML))
                .get("servers");
        var config = new ToolsConfig(
                List.of(),
                List.of("get_current_time"),
                Duration.ofSeconds(30),
                dir,
                new ToolsConfig.External(servers, "", 60, 100_000));
        try (ToolRegistry tools = ToolRegistry.fromConfig(config, System::getenv)) {
            var served = new ToolAdapter(tools, new ObjectMapper())
                    .specifications().stream().map(s -> s.tool().name()).toList();
            assertThat(served).containsExactly("get_current_time", "shared__echo");
            // the other server was not even started for it
            assertThat(tools.sources().get(1).state().state()).isEqualTo("stopped");
        }
    }
}
