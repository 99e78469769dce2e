package dev.tether.tool;

import dev.tether.configfile.ConfigLayers;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tools part of the configuration: the registry entries of every layer (an entry of a higher layer replaces
 * the lower one of the same name, others are kept), the enabled tool names, the call timeout and the data folder.
 * The built-in toolsets need no entry: {@code tools.enabled: [mail_list]} alone enables a built-in tool.
 *
 * @param registry the explicit entries, highest layer first
 * @param enabled  the tools offered, by name, in this order
 * @param timeout  how long one tool call may run
 * @param dataDir  where tools keep state (indexes)
 * @param external the tools of other programs (MCP servers), read by the module that runs them
 */
public record ToolsConfig(
        List<ToolEntry> registry, List<String> enabled, Duration timeout, Path dataDir, External external) {

    /**
     * {@code mcp.servers} (the node of the highest layer that has it; it may not exist), {@code mcp.servers_file}
     * (blank: none), {@code mcp.start_timeout_sec} and {@code limits.max_tool_result_chars}.
     */
    public record External(Config servers, String serversFile, int startTimeoutSec, int maxResultChars) {
        public static External none() {
            return new External(Config.empty(), "", 60, 100_000);
        }
    }

    public ToolsConfig(List<ToolEntry> registry, List<String> enabled, Duration timeout, Path dataDir) {
        this(registry, enabled, timeout, dataDir, External.none());
    }

    /**
     * One {@code tools.registry} entry. {@code impl} is a built-in toolset's short name ({@code mail}: all its
     * tools), a built-in tool's name ({@code mail_list}: that tool, named {@code name}) or a class name (a tool
     * class or a {@link Toolset}); it defaults to {@code name}.
     *
     * @param key where the entry is, for error messages ({@code tools.registry[2]})
     */
    public record ToolEntry(String key, String name, String impl, Config args) {}

    public ToolsConfig {
        registry = List.copyOf(registry);
        external = external == null ? External.none() : external;
        enabled = List.copyOf(enabled);
    }

    /**
     * Reads {@code tools.registry}, {@code tools.enabled}, {@code limits.tool_timeout_sec} and {@code data_dir}.
     * Whether each enabled name is offered is checked when the registry is built, where the classes are found.
     */
    public static ToolsConfig read(ConfigLayers layers) {
        return new ToolsConfig(
                entries(layers),
                layers.stringList("tools.enabled"),
                Duration.ofSeconds(layers.positive("limits.tool_timeout_sec")),
                Path.of(layers.string("data_dir")),
                new External(
                        layers.layer("mcp.servers"),
                        layers.string("mcp.servers_file"),
                        layers.positive("mcp.start_timeout_sec"),
                        layers.positive("limits.max_tool_result_chars")));
    }

    private static List<ToolEntry> entries(ConfigLayers layers) {
        List<ToolEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Config layer : layers.all()) {
            List<Config> nodes = layer.get("tools.registry").asNodeList().orElse(List.of());
            for (int i = 0; i < nodes.size(); i++) {
                String key = "tools.registry[" + i + "]";
                String name = ConfigLayers.required(nodes.get(i), key, "name");
                String impl = nodes.get(i)
                        .get("impl")
                        .asString()
                        .filter(s -> !s.isBlank())
                        .orElse(name);
                if (names.add(name)) {
                    entries.add(new ToolEntry(key, name, impl, nodes.get(i).get("args")));
                }
            }
        }
        return entries;
    }
}
