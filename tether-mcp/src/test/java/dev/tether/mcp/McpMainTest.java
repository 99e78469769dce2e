package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stdio launcher as its own process: protocol only on stdout, logs on stderr, exit when stdin closes. */
class McpMainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answersEverythingAskedBeforeStdinClosedThenExits(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(ExternalProcess.mcpMain(TestTools.config(dir)))
                .redirectError(err.toFile())
                .start();
        try (OutputStream in = process.getOutputStream();
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String message : List.of(McpHttp.INITIALIZE, McpHttp.INITIALIZED, McpHttp.LIST_TOOLS)) {
                in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            }
            in.close(); // the client is done before the server has even started: like `printf … | java -jar`
            List<JsonNode> replies = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                replies.add(JSON.readTree(line)); // every stdout line is a JSON-RPC message
            }
            assertThat(replies).extracting(r -> r.path("id").asInt()).containsExactly(1, 2);
            assertThat(replies.get(1).at("/result/tools").size()).isEqualTo(4);
            assertThat(process.waitFor(20, TimeUnit.SECONDS))
                    .as("exited after stdin closed")
                    .isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
        assertThat(Files.readString(err)).contains("tether-mcp serving 4 tools over stdio");
    }

    @Test
    void aMissingConfigFileStopsWithOneClearLine(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(ExternalProcess.mcpMain(dir.resolve("absent.yml")));
        Process process = new ProcessBuilder(command).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEmpty();
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("file not found")
                .contains("absent.yml");
    }

    @Test
    void unknownArgumentsAreRefused() {
        assertThatThrownBy(() -> McpMain.configFile(new String[] {"--port", "1"}))
                .hasMessageContaining("unknown option --port");
        assertThat(McpMain.configFile(new String[] {"--config", "x.yml"})).contains(Path.of("x.yml"));
    }
}
