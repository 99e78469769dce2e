package dev.tether.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.Engine;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.loop.Completion;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.PromptRequest;
import dev.tether.server.http.ApiError;
import dev.tether.server.http.Json;
import dev.tether.server.http.NamedSseWriter;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anthropic's Messages API: {@code POST /messages} (whole or streamed) and {@code POST /messages/count_tokens}.
 * Like the OpenAI-compatible API it is stateless: the client sends the whole history and its own tools, the call
 * takes a place among the orchestrator's turns, and the model's tool calls are handed back as {@code tool_use}
 * blocks. Register it under {@code /v1}.
 */
public final class AnthropicService implements HttpService {

    private static final Logger LOG = Logger.getLogger(AnthropicService.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;

    public AnthropicService(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/messages", this::messages).post("/messages/count_tokens", this::countTokens);
    }

    private void messages(ServerRequest req, ServerResponse res) {
        handle(res, () -> {
            MessagesRequest request = MessagesRequest.parse(body(req));
            try (Completion completion = engine.orchestrator().complete(request.completion())) {
                if (request.stream()) {
                    stream(request, completion, res);
                } else {
                    whole(request, completion, res);
                }
            }
        });
    }

    /**
     * An estimate, as Tether has no tokenizer for every engine: a quarter of the UTF-8 bytes of the prompt the
     * engine would render (its chat template with the tools), or of the messages' and tools' JSON where the engine
     * renders no template itself.
     */
    private void countTokens(ServerRequest req, ServerResponse res) {
        handle(res, () -> {
            Completion.Request request =
                    MessagesRequest.parseForCount(body(req)).completion();
            ModelProvider provider = engine.models().providerFor(request.model());
            String prompt;
            try {
                prompt = provider.renderPrompt(
                        request.model(), new PromptRequest(request.messages(), request.tools(), true));
            } catch (EngineException e) {
                prompt = JSON.valueToTree(request.messages().stream()
                                        .map(m -> m.role() + ": " + m.content() + m.toolCalls())
                                        .toList())
                                .toString()
                        + request.tools().stream()
                                .map(t -> t.name() + t.description() + t.inputSchema())
                                .toList();
            }
            int bytes = prompt.getBytes(StandardCharsets.UTF_8).length;
            send(res, 200, JSON.createObjectNode().put("input_tokens", (bytes + 3) / 4));
        });
    }

    private static void whole(MessagesRequest request, Completion completion, ServerResponse res) {
        StringBuilder thinking = new StringBuilder();
        Completion.Result result = completion.run(event -> {
            if (event instanceof ChatEvent.Think t) {
                thinking.append(t.text());
            }
        });
        if (result.failure().isPresent()) {
            throw AnthropicError.from(result.failure().get());
        }
        send(res, 200, new MessageJson(request.completion().model()).message(result, thinking.toString()));
    }

    /**
     * The stream starts with the first output, so a failure before it is a plain error with its status; a client
     * that goes away makes a write throw, which cancels the model call.
     */
    private static void stream(MessagesRequest request, Completion completion, ServerResponse res) {
        NamedSseWriter sse = new NamedSseWriter(res);
        MessageStream stream =
                new MessageStream(sse, new MessageJson(request.completion().model()));
        Completion.Result result = completion.run(event -> {
            if (event instanceof ChatEvent.Token
                    || event instanceof ChatEvent.Think
                    || event instanceof ChatEvent.ToolCallEvent) {
                if (!sse.started()) {
                    stream.start();
                }
                stream.on(event);
            }
        });
        if (result.finishReason() == FinishReason.CANCELLED) {
            return;
        }
        if (result.failure().isPresent() && !sse.started()) {
            throw AnthropicError.from(result.failure().get());
        }
        try {
            if (!sse.started()) {
                stream.start();
            }
            if (result.failure().isPresent()) {
                stream.fail(AnthropicError.from(result.failure().get()));
            } else {
                stream.finish(result);
            }
        } catch (UncheckedIOException e) {
            LOG.fine("client left before the end of a message stream");
        }
        sse.close();
    }

    private ObjectNode body(ServerRequest req) {
        try {
            return Json.readObject(req, engine.config().server().maxBodyBytes());
        } catch (ApiError e) {
            throw e.status().code() == 413
                    ? new AnthropicError(413, "request_too_large", e.getMessage())
                    : new AnthropicError(e.status().code(), "invalid_request_error", e.getMessage());
        }
    }

    private static void handle(ServerResponse res, Runnable work) {
        try {
            work.run();
        } catch (AnthropicError e) {
            fail(res, e);
        } catch (EngineException e) {
            fail(res, AnthropicError.from(e));
        } catch (HttpException e) {
            fail(res, new AnthropicError(e.status().code(), "invalid_request_error", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "messages request failed", e);
            fail(res, new AnthropicError(500, "api_error", "internal error"));
        }
    }

    private static void send(ServerResponse res, int status, JsonNode body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString());
    }

    private static void fail(ServerResponse res, AnthropicError error) {
        if (!res.isSent()) {
            send(res, error.status(), error.body());
        }
    }
}
