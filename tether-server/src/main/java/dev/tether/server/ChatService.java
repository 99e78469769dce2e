package dev.tether.server;

import dev.tether.server.http.Json;
import dev.tether.server.http.Fields;
import dev.tether.server.http.Routes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.OutputStream;
import java.util.UUID;

/**
 * {@code POST /chat/stream}: checks the request and reserves the session (so 4xx/503 come before any byte of the
 * stream), then runs the turn on this request's virtual thread, writing each event as it happens.
 */
final class ChatService implements HttpService {

    private final Orchestrator orchestrator;
    private final Metrics metrics;
    private final long maxBodyBytes;

    ChatService(Orchestrator orchestrator, Metrics metrics, long maxBodyBytes) {
        this.orchestrator = orchestrator;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/chat/stream", this::stream);
        Routes.otherMethods(rules, "/chat/stream", "POST");
    }

    private void stream(ServerRequest req, ServerResponse res) {
        TurnRequest request = turnRequest(Json.readObject(req, maxBodyBytes));
        try (Turn turn = orchestrator.begin(request)) {
            boolean sse = EventWriter.wantsSse(req.headers().first(HeaderNames.ACCEPT).orElse(""));
            res.header(HeaderNames.CONTENT_TYPE, sse ? SseEventWriter.CONTENT_TYPE : NdjsonWriter.CONTENT_TYPE);
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header("X-Accel-Buffering", "no");
            OutputStream out = res.outputStream();
            EventWriter writer = sse ? new SseEventWriter(out) : new NdjsonWriter(out);
            turn.run(event -> {
                writer.write(event);
                metrics.chatEvent(event);
            });
            closeQuietly(out);
        }
    }

    static TurnRequest turnRequest(ObjectNode body) {
        UUID session = Fields.uuid(Fields.requiredString(body, "session_id"), "session_id");
        String prompt = Fields.string(body, "prompt").orElse("");
        String model = Fields.string(body, "model_name").filter(s -> !s.isBlank()).orElse(null);
        ChatOptions options = ChatOptionsJson.read(body);
        boolean interactive = Fields.bool(body, "interactive_approval").orElse(false);
        return new TurnRequest(session, prompt, model, options, interactive);
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (Exception ignored) {
            // the client already left; the turn has been stored as cancelled
        }
    }
}
