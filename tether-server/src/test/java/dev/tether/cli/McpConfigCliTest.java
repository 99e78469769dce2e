package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpConfigCliTest {

    @TempDir
    Path dir;

    @Test
    void printsAReadyBlockWithAbsolutePaths() throws Exception {
        Path jar = Files.writeString(dir.resolve("tether-mcp.jar"), "jar");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = McpConfigCli.run(
                new String[] {"config", "--config", "my.yml"},
                McpConfigCli.javaExecutable(),
                jar,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        JsonNode tether = new ObjectMapper()
                .readTree(out.toString(StandardCharsets.UTF_8))
                .get("mcpServers")
                .get("tether");
        Path java = Path.of(tether.get("command").asText());
        assertThat(java).isAbsolute().isExecutable();
        assertThat(tether.get("args"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "-jar",
                        jar.toString(),
                        "--config",
                        Path.of("my.yml").toAbsolutePath().toString());
        // the java named is this JVM's: a JDK 21+
        assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(21);
        assertThat(java.startsWith(Path.of(System.getProperty("java.home")))).isTrue();
    }

    @Test
    void findsTheMcpJarBesideThisModuleAndSaysHowToBuildAMissingOne() {
        assertThat(McpConfigCli.mcpJar().isAbsolute()).isTrue();
        assertThat(McpConfigCli.mcpJar().endsWith(Path.of("tether-mcp", "target", "tether-mcp.jar")))
                .isTrue();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = McpConfigCli.run(
                new String[] {"config"},
                Path.of("/x/java"),
                dir.resolve("missing.jar"),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("is not built yet")
                .contains("-pl tether-mcp");
        assertThat(McpConfigCli.run(
                        new String[] {"conf"},
                        Path.of("/x/java"),
                        dir,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
    }
}
