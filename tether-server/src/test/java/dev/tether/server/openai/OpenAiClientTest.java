package dev.tether.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official {@code openai} npm client against the server over a real socket (src/test/openai-node). */
class OpenAiClientTest {

    private static final Path CLIENT = Path.of("src/test/openai-node");

    @TempDir
    Path dir;

    private OpenAiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theOfficialClientListsModelsCallsToolsStreamedAndWholeAndReadsErrors() throws Exception {
        assertThat(CLIENT.resolve("node_modules/openai"))
                .as("npm packages are installed (./run-tests runs npm ci in " + CLIENT + ")")
                .isDirectory();
        server = new OpenAiServer(dir, 0);

        Path log = dir.resolve("node.log");
        ProcessBuilder node = new ProcessBuilder("node", "client.mjs")
                .directory(CLIENT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().put("TETHER_BASE_URL", server.baseUrl());
        Process process = node.start();
        boolean finished = process.waitFor(90, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = read(log);

        assertThat(finished).as("node finished; output:\n" + output).isTrue();
        assertThat(process.exitValue()).as("node exit code; output:\n" + output).isZero();
        assertThat(output)
                .contains(
                        "ok listsModels",
                        "ok wholeToolRoundTrip",
                        "ok streamedToolRoundTrip",
                        "ok helperAssemblesStreamedToolCalls",
                        "ok unknownModelIsNotFound",
                        "ok failureMidStreamThrows");
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
