package dev.tether.mcp;

import dev.tether.configfile.ConfigLayers;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolsConfig;
import dev.tether.toolsets.TimeTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The tools every MCP test serves: the real time tool plus test tools that echo, fail and return a list. */
final class TestTools {

    static final String CONFIG_YAML = """
            tools:
              registry:
                - { name: get_current_time, impl: dev.tether.toolsets.TimeTool }
                - { name: echo, impl: dev.tether.mcp.EchoTool }
                - { name: always_fails, impl: dev.tether.mcp.FailingTool }
                - { name: count_to, impl: dev.tether.mcp.CountTool }
              enabled: [get_current_time, echo, always_fails, count_to]
            limits: { tool_timeout_sec: 10 }
            """;

    private TestTools() {}

    static ToolRegistry registry() {
        return ToolRegistry.builder()
                .timeout(Duration.ofSeconds(10))
                .add("get_current_time", new TimeTool())
                .add("echo", new EchoTool())
                .add("always_fails", new FailingTool())
                .add("count_to", new CountTool())
                .build();
    }

    /**
     * Serves {@code get_current_time} only, with {@code web_search} enabled but lacking its key (an environment
     * variable nobody sets) and every other built-in disabled.
     */
    static final String NOT_OFFERED_YAML = """
            tools:
              registry:
                - { name: web_search, args: { api_key_env: TETHER_TEST_UNSET_KEY } }
              enabled: [get_current_time, web_search]
            """;

    /** The registry {@code yaml} configures, read from a file in {@code dir} as the launcher would. */
    static ToolRegistry fromConfig(Path dir, String yaml) {
        try {
            Path file = Files.writeString(dir.resolve("tether.yml"), yaml);
            return ToolRegistry.fromConfig(
                    ToolsConfig.read(ConfigLayers.load(Optional.of(file), Map.of())), name -> null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #CONFIG_YAML} into {@code dir} and returns its path. */
    static Path config(Path dir) {
        try {
            return Files.writeString(dir.resolve("tether.yml"), CONFIG_YAML);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
