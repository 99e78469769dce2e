package dev.tether.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.Engine;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.loop.Completion;
import dev.tether.engine.model.ModelInfo;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The OpenAI-compatible API, stateless: {@code POST /chat/completions} (streamed as server-sent events or whole)
 * and {@code GET /models}. The client sends the whole history and its own tools; Tether returns the model's tool
 * calls and runs none of them. Register it under {@code /v1}.
 */
public final class OpenAiService implements HttpService {

    private static final Logger LOG = Logger.getLogger(OpenAiService.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;

    public OpenAiService(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/models", this::models).get("/models/{name}", this::model).post("/chat/completions", this::chat);
    }

    private void models(ServerRequest req, ServerResponse res) {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        engine.models().models().forEach(m -> data.add(model(m)));
        send(res, 200, list);
    }

    private void model(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        engine.models()
                .find(name)
                .ifPresentOrElse(
                        m -> send(res, 200, model(m)),
                        () -> OpenAiError.from(new EngineException(ErrorCode.MODEL_NOT_FOUND, "unknown model: " + name))
                                .sendTo(res));
    }

    private static ObjectNode model(ModelInfo m) {
        ObjectNode model = JSON.createObjectNode()
                .put("id", m.name())
                .put("object", "model")
                .put("created", 0)
                .put("owned_by", m.provider());
        if (m.details().get("kind") instanceof String kind) {
            model.put("kind", kind);
        }
        return model;
    }

    private void chat(ServerRequest req, ServerResponse res) {
        OpenAiError.handle(res, LOG, "chat completion failed", () -> {
            ChatRequest chat = ChatRequest.parse(body(req));
            try (Completion completion = engine.orchestrator().complete(chat.completion())) {
                if (chat.stream()) {
                    stream(chat, completion, res);
                } else {
                    whole(chat, completion, res);
                }
            }
        });
    }

    /** The body as text; broken framing (a bad chunk size, a body cut short) is the client's error. */
    static String body(ServerRequest req) {
        try {
            return req.content().as(String.class);
        } catch (HttpException e) {
            throw e;
        } catch (io.helidon.http.RequestException e) {
            if (e.status().code() == 413) {
                // a chunked body longer than server.max_body_bytes is cut off by Helidon with this status
                throw new OpenAiError(
                        413,
                        "invalid_request_error",
                        null,
                        "body_too_large",
                        "the request body is larger than server.max_body_bytes");
            }
            throw unreadable();
        } catch (RuntimeException e) {
            throw unreadable();
        }
    }

    private static OpenAiError unreadable() {
        return new OpenAiError(
                400,
                "invalid_request_error",
                null,
                "invalid_request",
                "the request body could not be read: bad chunked framing, or it ended early");
    }

    private static void whole(ChatRequest chat, Completion completion, ServerResponse res) {
        StringBuilder thinking = new StringBuilder();
        List<ErrorEvent> warnings = new ArrayList<>();
        Completion.Result result = completion.run(event -> {
            switch (event) {
                case ChatEvent.Think t -> thinking.append(t.text());
                case ErrorEvent e -> warnings.add(e);
                default -> {}
            }
        });
        if (result.failure().isPresent()) {
            throw OpenAiError.from(result.failure().get());
        }
        send(res, 200, new ChatResponses(chat.completion().model()).completion(result, thinking.toString(), warnings));
    }

    /** Streams deltas as they come; a client that goes away makes a write throw, which cancels the model call. */
    private static void stream(ChatRequest chat, Completion completion, ServerResponse res) {
        ChatResponses chunks = new ChatResponses(chat.completion().model());
        OpenAiSseWriter sse = new OpenAiSseWriter(res);
        List<ErrorEvent> warnings = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Completion.Result result = completion.run(event -> {
            if (event instanceof ErrorEvent e) {
                warnings.add(e);
                return;
            }
            ObjectNode delta = switch (event) {
                case ChatEvent.Token t -> ChatResponses.contentDelta(t.text());
                case ChatEvent.Think t -> ChatResponses.reasoningDelta(t.text());
                case ChatEvent.ToolCallEvent c -> ChatResponses.toolCallDelta(c, calls.getAndIncrement());
                default -> null;
            };
            if (delta != null) {
                if (!sse.started()) {
                    sse.data(chunks.chunk(ChatResponses.roleDelta()));
                }
                sse.data(chunks.chunk(delta));
            }
        });
        if (result.finishReason() == FinishReason.CANCELLED) {
            return;
        }
        if (result.failure().isPresent() && !sse.started()) {
            throw OpenAiError.from(result.failure().get());
        }
        try {
            end(chat, result, warnings, chunks, sse);
        } catch (UncheckedIOException e) {
            LOG.fine("client left before the end of a completion stream");
        }
    }

    /** The finish chunk (or the error, once output has started), the usage if asked for, and {@code [DONE]}. */
    private static void end(
            ChatRequest chat,
            Completion.Result result,
            List<ErrorEvent> warnings,
            ChatResponses chunks,
            OpenAiSseWriter sse) {
        if (result.failure().isPresent()) {
            sse.data(OpenAiError.from(result.failure().get()).body());
        } else {
            if (!sse.started()) {
                sse.data(chunks.chunk(ChatResponses.roleDelta()));
            }
            sse.data(chunks.finish(result, warnings));
            if (chat.includeUsage()) {
                sse.data(chunks.usageChunk(result.usage()));
            }
        }
        sse.done();
    }

    private static void send(ServerResponse res, int status, JsonNode body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }
}
