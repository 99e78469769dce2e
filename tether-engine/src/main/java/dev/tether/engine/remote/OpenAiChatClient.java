package dev.tether.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A client of one OpenAI-compatible server's HTTP API: JSON calls and {@code chat/completions} streamed as
 * server-sent events, read into typed {@link ModelEvent}s. The {@code openai} provider and the llama-server engine
 * both talk through it. Closing the stream (on cancel) closes the connection, which stops the server's generation.
 */
public final class OpenAiChatClient implements AutoCloseable {

    private static final String DATA = "data:";

    /** How one streamed answer ended, and how many of its prompt tokens the server had cached. */
    public record Answer(GenerationResult result, int cachedTokens) {}

    private final RemoteClient client;

    /** {@code what} names the server in messages; {@code headers} go with every request (an API key). */
    public OpenAiChatClient(
            String what, URI baseUrl, Map<String, String> headers, Duration connectTimeout, Duration readTimeout) {
        this(new RemoteClient(
                what,
                new RemoteSettings(baseUrl, connectTimeout, readTimeout, List.of(), Duration.ofSeconds(10)),
                headers));
    }

    /**
     * A client whose exchanges {@code opener} runs: a child server's own HTTP client (a llama-server child's
     * {@code ChildExchange}, without the JDK client's hand-offs between threads for every streamed token).
     */
    public static OpenAiChatClient over(
            LineStream.Opener opener,
            String what,
            URI baseUrl,
            Map<String, String> headers,
            Duration connectTimeout,
            Duration readTimeout) {
        return new OpenAiChatClient(new RemoteClient(
                what,
                new RemoteSettings(baseUrl, connectTimeout, readTimeout, List.of(), Duration.ofSeconds(10)),
                headers,
                opener));
    }

    OpenAiChatClient(RemoteClient client) {
        this.client = client;
    }

    /** GETs {@code path} (relative to the base URL) as JSON. */
    public JsonNode get(String path) {
        return client.get(path);
    }

    /** POSTs {@code body} to {@code path} and reads the whole JSON answer. */
    public JsonNode post(String path, JsonNode body) {
        try (LineStream stream = client.post(path, body, new Cancellation())) {
            return client.parse(stream.rest(Integer.MAX_VALUE));
        }
    }

    /** Streams {@code body} (with {@code "stream": true}) to {@code path}; events go out as they arrive. */
    public Answer stream(String path, ObjectNode body, Cancellation cancel, Consumer<ModelEvent> events) {
        return stream(path, body, cancel, RemoteFormat.typed(events));
    }

    Answer stream(String path, ObjectNode body, Cancellation cancel, RemoteFormat.Output output) {
        try (LineStream stream = client.post(path, body, cancel)) {
            return read(stream, new OpenAiAnswer(client, output));
        }
    }

    /** Reads one streamed answer; what arrived together is passed on together, and nothing waits for more. */
    static Answer read(LineStream stream, OpenAiAnswer answer) {
        for (String line = stream.next(); line != null; line = stream.next()) {
            // blank separators, comments and event names carry nothing
            if (line.startsWith(DATA)
                    && !answer.data(line.substring(DATA.length()).strip())) {
                break;
            }
            if (answer.holding() && !stream.lineReady(DATA)) {
                answer.flush();
            }
        }
        if (stream.cancelled()) {
            answer.flush();
            return new Answer(new GenerationResult(FinishReason.CANCELLED, answer.usage()), answer.cachedTokens());
        }
        return new Answer(answer.result(), answer.cachedTokens());
    }

    @Override
    public void close() {
        client.close();
    }
}
