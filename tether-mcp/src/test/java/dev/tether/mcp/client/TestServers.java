package dev.tether.mcp.client;

import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolsConfig;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The npm-installed MCP servers (src/test/mcp-servers, installed by npm ci) and registries that use them. */
final class TestServers {

    static final Path DIR = Path.of("src/test/mcp-servers").toAbsolutePath();

    private TestServers() {}

    /** The entry script of an installed server package, e.g. {@code server-everything}. */
    static String script(String packageName) {
        Path bin = DIR.resolve("node_modules/@modelcontextprotocol/" + packageName + "/dist/index.js");
        if (!Files.isRegularFile(bin)) {
            throw new IllegalStateException(bin + " is missing: run npm ci --prefix " + DIR);
        }
        return bin.toString();
    }

    /** A stdio entry for server-everything, in YAML, with {@code extra} lines added to it. */
    static String everythingStdio(String name, String... extra) {
        StringBuilder yaml = new StringBuilder(
                "- name: " + name + "\n  command: node\n  args: [\"" + script("server-everything") + "\", stdio]\n");
        for (String line : extra) {
            yaml.append("  ").append(line).append('\n');
        }
        return yaml.toString();
    }

    /** A registry with no built-in tools offered and {@code serversYaml} as {@code mcp.servers}. */
    static ToolRegistry registry(
            Path dataDir,
            String serversYaml,
            Duration timeout,
            int startTimeoutSec,
            int maxResultChars,
            List<String> enabled) {
        Config servers = Config.just(
                        ConfigSources.create("servers:\n" + serversYaml.indent(2), MediaTypes.APPLICATION_X_YAML))
                .get("servers");
        var config = new ToolsConfig(
                List.of(),
                enabled,
                timeout,
                dataDir,
                new ToolsConfig.External(servers, "", startTimeoutSec, maxResultChars));
        return ToolRegistry.fromConfig(config, System::getenv);
    }

    static ToolRegistry registry(Path dataDir, String serversYaml) {
        return registry(dataDir, serversYaml, Duration.ofSeconds(30), 60, 100_000, List.of());
    }

    /** Waits until {@code condition} holds, failing after {@code limit}. */
    static void await(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
