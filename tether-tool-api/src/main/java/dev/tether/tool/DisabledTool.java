package dev.tether.tool;

/**
 * A tool Tether has but does not offer, because {@code tools.enabled} does not list it: a built-in tool, or a
 * {@code tools.registry} entry.
 *
 * @param description what the tool does, from its {@link ToolInfo}; empty when its class cannot be loaded
 * @param settings    the {@code tools.registry} entry whose {@code args} the tool would take (for a built-in
 *                    without an entry, its toolset's name)
 */
public record DisabledTool(String name, String description, String settings) {

    /** The configuration change that offers it, in one sentence. */
    public String howToEnable() {
        return "add " + name + " to tools.enabled in the configuration file; its settings go in the tools.registry"
                + " entry named '" + settings + "' (README: Tools)";
    }
}
