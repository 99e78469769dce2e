package dev.tether.mcp;

import dev.tether.configfile.CommandLine;
import dev.tether.configfile.ConfigException;
import dev.tether.configfile.ConfigLayers;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolsConfig;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * The stdio launcher a desktop assistant starts: {@code java -jar tether-mcp.jar [--config FILE]}. Standard output
 * carries nothing but JSON-RPC; every log line goes to standard error. Exits when standard input closes.
 */
public final class McpMain {

    private static final Logger LOG = Logger.getLogger(McpMain.class.getName());

    private McpMain() {}

    public static void main(String[] args) {
        PrintStream protocolOut = System.out;
        System.setOut(System.err); // a stray print from any library must not corrupt the protocol stream
        try {
            serve(configFile(args), System.in, protocolOut);
            protocolOut.flush();
            System.exit(0);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("tether-mcp: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Serves the configured tools over {@code in}/{@code out} until {@code in} ends. */
    static void serve(Optional<Path> config, InputStream in, OutputStream out) {
        ConfigLayers layers = ConfigLayers.load(config, Map.of());
        ToolsConfig settings = ToolsConfig.read(layers);
        boolean allowNetworkAfterPrivateData =
                "allow".equalsIgnoreCase(layers.string("tools.approval").strip());
        try (ToolRegistry registry = ToolRegistry.fromConfig(settings, System::getenv)) {
            CountDownLatch inputEnded = new CountDownLatch(1);
            McpServerFactory factory = new McpServerFactory(registry, allowNetworkAfterPrivateData);
            StdioInFlight inFlight = new StdioInFlight(registry.timeout().plusSeconds(5));
            var transport = new StdioServerTransportProvider(
                    factory.mapper(), inFlight.input(in, inputEnded::countDown), inFlight.output(out));
            McpSyncServer server = factory.sessions(transport, false);
            LOG.info(() -> "tether-mcp serving " + registry.ownSpecs().size() + " tools over stdio");
            inputEnded.await();
            server.closeGracefully();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Optional<Path> configFile(String[] args) {
        CommandLine line;
        try {
            line = CommandLine.parse(args, Set.of("--config"), 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; " + USAGE);
        }
        if (line.help()) {
            throw new IllegalArgumentException(USAGE);
        }
        return line.option("--config")
                .or(() -> Optional.ofNullable(System.getenv("TETHER_CONFIG")).filter(s -> !s.isBlank()))
                .map(Path::of);
    }

    private static final String USAGE = "usage: java -jar tether-mcp.jar [--config FILE]";
}
