package dev.tether.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.model.GenerationRequest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "tether-test", "stream": true,
                         "messages": [{"role": "user", "content": "tell me a story"}]}"""))
                .build();

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = lines.readLine();
                } while (line != null && !line.contains("Once"));
                assertThat(line).as("the first words arrive").isNotNull();
            }
        }

        GenerationRequest call = RecordingProvider.REQUESTS.getFirst();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!call.cancel().isCancelled() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(call.cancel().isCancelled())
                .as("the 2 s story was cancelled when the client left")
                .isTrue();
    }
}
