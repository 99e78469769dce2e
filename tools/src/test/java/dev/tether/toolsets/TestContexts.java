package dev.tether.toolsets;

import dev.tether.tool.ToolContext;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Path;
import java.util.Map;

/** Tool contexts for tests: {@code args} written as YAML, as a user would write them. */
public final class TestContexts {

    private TestContexts() {}

    public static ToolContext context(String name, String argsYaml, Path dataDir, Map<String, String> env) {
        Config args =
                Config.just(ConfigSources.create(argsYaml.isBlank() ? "{}" : argsYaml, MediaTypes.APPLICATION_X_YAML));
        return new ToolContext(name, args, dataDir, env::get);
    }

    public static ToolContext context(String name, String argsYaml, Path dataDir) {
        return context(name, argsYaml, dataDir, Map.of());
    }

    /** A YAML flow list of paths, quoted. */
    public static String list(Path... paths) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < paths.length; i++) {
            out.append(i == 0 ? "" : ", ").append('"').append(paths[i]).append('"');
        }
        return out.append(']').toString();
    }
}
