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
import java.util.concurrent.TimeUnit;

/** A streaming client that reads until the story's first words ("Once"), then hangs up. */
public final class LeavingClient {

    private LeavingClient() {}

    /**
     * Posts {@code body} to {@code url}, leaves once the first words arrived, and returns the model call
     * {@link RecordingProvider} saw, after waiting up to 10 s for it to be cancelled.
     */
    public static GenerationRequest leaveMidStream(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
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
        return call;
    }
}
