package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded launcher exactly as a desktop assistant runs it ({@code java -jar target/tether-mcp.jar --config
 * FILE}), driven by the official TypeScript SDK client. Runs after {@code package} (see the module pom), so a
 * service file lost in shading shows up here.
 */
class LauncherJarIT {

    private static final Path JAR = Path.of("target/tether-mcp.jar").toAbsolutePath();

    @Test
    void theSelfContainedJarServesTheConfiguredToolsOverStdio(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("built by the package phase").isRegularFile();
        Path config = Files.writeString(dir.resolve("tether.yml"), """
                tools:
                  registry: [ { name: get_current_time, impl: dev.tether.toolsets.TimeTool } ]
                  enabled: [get_current_time]
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        ExternalProcess.Result result = ExternalProcess.node(
                Duration.ofSeconds(60),
                Map.of(),
                "client.mjs",
                "tour",
                "stdio",
                java,
                "-jar",
                JAR.toString(),
                "--config",
                config.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();

        JsonNode report = new ObjectMapper().readTree(result.stdout());
        assertThat(report.path("tools").findValuesAsText("name")).containsExactly("get_current_time");
        JsonNode time = report.at("/calls/get_current_time/ok");
        assertThat(time.path("isError").asBoolean()).isFalse();
        assertThat(time.at("/structuredContent/timezone").asText()).isEqualTo("UTC");
        assertThat(report.at("/unknownTool/code").asInt()).isEqualTo(-32602);
        assertThat(result.stderr()).contains("tether-mcp serving 1 tools over stdio");
    }

    @Test
    void builtInToolsAreFoundByShortNameThroughTheMergedServiceFile(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("tether.yml"), """
                tools:
                  enabled: [get_current_time, mail_list]
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        ExternalProcess.Result result = ExternalProcess.node(
                Duration.ofSeconds(60),
                Map.of(),
                "client.mjs",
                "tour",
                "stdio",
                java,
                "-jar",
                JAR.toString(),
                "--config",
                config.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();

        JsonNode report = new ObjectMapper().readTree(result.stdout());
        assertThat(report.path("tools").findValuesAsText("name")).containsExactly("get_current_time");
        assertThat(report.at("/calls/get_current_time/ok/isError").asBoolean()).isFalse();
        assertThat(result.stderr()).contains("Tool mail_list is unavailable");
    }

    @Test
    void theJarCarriesEveryBuiltInToolsetAndNoEngineNatives() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            JarEntry services = jar.getJarEntry("META-INF/services/dev.tether.tool.Toolset");
            assertThat(services).as("the tools module's service file").isNotNull();
            String listed = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(listed.lines().filter(l -> !l.isBlank()).map(String::strip))
                    .containsExactlyInAnyOrder(
                            "dev.tether.toolsets.TimeToolset",
                            "dev.tether.toolsets.web.OpenMeteoToolset",
                            "dev.tether.toolsets.web.WebSearchToolset",
                            "dev.tether.toolsets.files.FileToolset",
                            "dev.tether.toolsets.kb.KbToolset",
                            "dev.tether.toolsets.calendar.CalendarToolset",
                            "dev.tether.toolsets.mail.MailToolset");
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names)
                    .noneMatch(n -> n.startsWith("de/kherud/llama/"))
                    .noneMatch(n -> n.startsWith("org/sqlite/"))
                    .noneMatch(n -> n.startsWith("dev/tether/engine/"));
        }
    }
}
