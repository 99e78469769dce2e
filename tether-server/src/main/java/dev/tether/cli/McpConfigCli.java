package dev.tether.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.configfile.CommandLine;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code tether mcp config [--config FILE]}: prints the {@code mcpServers} block a desktop assistant (Claude
 * Desktop, an IDE) needs to start Tether's stdio MCP server, with absolute paths — the {@code java} running this
 * command (a JDK 21+, since it runs) and the {@code tether-mcp.jar} beside this jar's module — so a bare
 * {@code "java"} on the assistant's PATH, often an older one, never gets in the way.
 */
public final class McpConfigCli {

    static final String USAGE =
            "Usage: tether mcp config [--config FILE]   prints an mcpServers block for a desktop " + "assistant";

    private McpConfigCli() {}

    public static void main(String[] args) {
        System.exit(run(args, javaExecutable(), mcpJar(), System.out, System.err));
    }

    /** @return 0 with the block on {@code out}; 1 when the jar is missing; 2 for a bad command line */
    static int run(String[] args, Path java, Path jar, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(args, Set.of("--config"), 1);
        } catch (IllegalArgumentException e) {
            err.println("tether mcp: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        if (line.help() || !line.positional().equals(List.of("config"))) {
            err.println(USAGE);
            return 2;
        }
        Optional<Path> config =
                line.option("--config").map(c -> Path.of(c).toAbsolutePath().normalize());
        if (!Files.isRegularFile(jar)) {
            err.println("tether mcp: " + jar + " is not built yet; build it with: mvn -B -ntp -pl tether-mcp -am "
                    + "package -DskipTests");
        }
        out.println(block(java, jar, config));
        err.println("Paste this into the assistant's MCP settings (Claude Desktop: claude_desktop_config.json).");
        return Files.isRegularFile(jar) ? 0 : 1;
    }

    static String block(Path java, Path jar, Optional<Path> config) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode tether = root.putObject("mcpServers").putObject("tether");
        tether.put("command", java.toString());
        ArrayNode args = tether.putArray("args").add("-jar").add(jar.toString());
        config.ifPresent(c -> args.add("--config").add(c.toString()));
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code java} of this JVM. */
    static Path javaExecutable() {
        boolean windows = System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    /** {@code tether-mcp/target/tether-mcp.jar} in the checkout this jar was built in. */
    static Path mcpJar() {
        try {
            Path self = Path.of(McpConfigCli.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            // …/tether-server/target/tether-server.jar, or …/tether-server/target/classes when run from the build
            Path module = self.getParent().getParent();
            return module.resolveSibling("tether-mcp")
                    .resolve("target")
                    .resolve("tether-mcp.jar")
                    .normalize();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("tether-mcp", "target", "tether-mcp.jar").toAbsolutePath();
        }
    }
}
