package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.tool.ToolRegistry;
import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP conformance suite (@modelcontextprotocol/conformance) against {@code /mcp}: every active server scenario
 * runs; those that need features a tools-only server lacks are listed in {@code conformance-baseline.yml}, and the
 * suite fails on any other failure (or on a listed scenario that starts passing).
 */
class ConformanceIT {

    private static final List<String> APPLICABLE = List.of(
            "server-initialize",
            "logging-set-level",
            "ping",
            "tools-list",
            "tools-call-simple-text",
            "tools-call-error",
            "server-sse-multiple-streams",
            "dns-rebinding-protection");

    @Test
    void toolsOnlyScenariosPass(@TempDir Path results) {
        ToolRegistry registry = ToolRegistry.builder()
                .add(null, new ConformanceTools.SimpleText())
                .add(null, new ConformanceTools.ErrorHandling())
                .add("echo", new EchoTool())
                .build();
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r.register(new McpHttpService(registry, McpHttpSettings.defaults())))
                .build()
                .start();
        try {
            ExternalProcess.Result result = ExternalProcess.node(
                    Duration.ofSeconds(180),
                    Map.of(),
                    "node_modules/.bin/conformance",
                    "server",
                    "--url",
                    "http://localhost:" + server.port() + "/mcp",
                    "--expected-failures",
                    "conformance-baseline.yml",
                    "-o",
                    results.toString());
            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
            for (String scenario : APPLICABLE) {
                assertThat(result.stdout())
                        .as(result.stdout())
                        .containsPattern("✓ " + scenario + ": \\d+ passed, 0 failed");
            }
        } finally {
            server.stop();
            registry.close();
        }
    }
}
