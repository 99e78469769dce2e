package dev.tether.tool.external;

import dev.tether.tool.ToolsConfig;
import java.util.List;
import java.util.function.Function;

/**
 * Opens the {@link ExternalToolSource}s a configuration names. Implementations are found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.tether.tool.external.ExternalToolSources}), so the
 * module that holds the MCP client adds its servers to every registry without the engine knowing MCP.
 */
public interface ExternalToolSources {

    /** The sources {@code config} asks for; a {@code ConfigException} for a bad entry. */
    List<ExternalToolSource> open(ToolsConfig config, Function<String, String> environment);
}
