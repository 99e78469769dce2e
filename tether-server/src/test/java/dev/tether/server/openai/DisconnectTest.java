package dev.tether.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.model.GenerationRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisconnectTest {

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
    void aClientThatLeavesMidStreamCancelsTheModelCall() throws Exception {
        RecordingProvider.REQUESTS.clear();
        server = new OpenAiServer(dir, 100);
        GenerationRequest call = LeavingClient.leaveMidStream(server.baseUrl() + "/chat/completions", """
                        {"model": "tether-test", "stream": true,
                         "messages": [{"role": "user", "content": "tell me a story"}]}""");
        assertThat(call.cancel().isCancelled())
                .as("the 2 s story was cancelled when the client left")
                .isTrue();
    }
}
