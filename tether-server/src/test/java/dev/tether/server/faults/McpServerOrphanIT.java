package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP server Tether started (server-everything over stdio, {@code start: eager}) does not outlive Tether: not
 * after SIGTERM (Tether closes it) and not after {@code kill -9} (the child watchdog between them ends it; it would
 * also end a server that ignores its stdin closing).
 */
class McpServerOrphanIT {

    @Test
    void theServerEndsWhenTetherIsKilledWithSigkill(@TempDir Path dir) throws Exception {
        try (ServerProcess tether = start(dir)) {
            ProcessHandle server = mcpServer(tether);
            // between them runs the child watchdog (unless TETHER_CHILD_WATCHDOG=none), which ends the server even
            // if it ignored its stdin closing
            if (!"none".equalsIgnoreCase(System.getenv("TETHER_CHILD_WATCHDOG"))) {
                assertThat(server.parent().flatMap(p -> p.info().commandLine()).orElse(""))
                        .contains("dev.tether.process.ChildWatchdog");
            }
            tether.kill();
            assertEnds(server);
        }
    }

    @Test
    void theServerEndsWhenTetherStopsWithSigterm(@TempDir Path dir) throws Exception {
        ServerProcess tether = start(dir);
        ProcessHandle server = mcpServer(tether);
        tether.close();
        assertEnds(server);
    }

    private static ServerProcess start(Path dir) throws Exception {
        Path everything = Path.of("../tether-mcp/src/test/mcp-servers/node_modules/@modelcontextprotocol/"
                        + "server-everything/dist/index.js")
                .toAbsolutePath()
                .normalize();
        assertThat(everything)
                .as("run npm ci --prefix tether-mcp/src/test/mcp-servers")
                .isRegularFile();
        Path script = Files.writeString(dir.resolve("script.yml"), """
                models: [scripted]
                rules:
                  - { on: user, match: ".*", chunks: ["ok"] }
                """);
        Path config = Files.writeString(
                dir.resolve("tether.yml"), """
                host: 127.0.0.1
                data_dir: "%s"
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                mcp:
                  servers:
                    - { name: everything, command: node, args: ["%s", stdio], start: eager }
                """.formatted(dir, script, dir.resolve("tether.db"), everything));
        return ServerProcess.start(config, dir.resolve("stderr.log"));
    }

    /** The server-everything process under Tether, once the eager start has begun. */
    private static ProcessHandle mcpServer(ServerProcess tether) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> server = tether.process
                    .descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("node")
                            && p.info().commandLine().orElse("").contains("server-everything"))
                    .findFirst();
            if (server.isPresent()) {
                return server.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Tether did not start server-everything");
    }

    private static void assertEnds(ProcessHandle server) throws Exception {
        server.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(server.isAlive()).isFalse();
    }
}
