package dev.tether.tool;

import dev.tether.config.ConfigLayers;
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
 */
public record ToolsConfig(List<ToolEntry> registry, List<String> enabled, Duration timeout, Path dataDir) {

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
        enabled = List.copyOf(enabled);
    }

    /**
     * Reads {@code tools.registry}, {@code tools.enabled}, {@code limits.tool_timeout_sec} and {@code data_dir}.
     * Whether each enabled name is offered is checked when the registry is built, where the classes are found.
     */
    public static ToolsConfig read(ConfigLayers layers) {
        return new ToolsConfig(entries(layers), layers.stringList("tools.enabled"),
                Duration.ofSeconds(layers.positive("limits.tool_timeout_sec")), Path.of(layers.string("data_dir")));
    }

    private static List<ToolEntry> entries(ConfigLayers layers) {
        List<ToolEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Config layer : layers.all()) {
            List<Config> nodes = layer.get("tools.registry").asNodeList().orElse(List.of());
            for (int i = 0; i < nodes.size(); i++) {
                String key = "tools.registry[" + i + "]";
                String name = ConfigLayers.required(nodes.get(i), key, "name");
                String impl = nodes.get(i).get("impl").asString().filter(s -> !s.isBlank()).orElse(name);
                if (names.add(name)) {
                    entries.add(new ToolEntry(key, name, impl, nodes.get(i).get("args")));
                }
            }
        }
        return entries;
    }
}
