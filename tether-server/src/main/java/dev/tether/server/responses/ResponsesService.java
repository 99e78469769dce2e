package dev.tether.server.responses;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.Engine;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.loop.Completion;
import dev.tether.server.http.ApiError;
import dev.tether.server.http.Json;
import dev.tether.server.http.NamedSseWriter;
import dev.tether.server.openai.OpenAiError;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * OpenAI's Responses API: {@code POST /responses} (whole or streamed) and {@code GET /responses/{id}}. The model
 * call takes a place among the orchestrator's turns like a chat completion, with the client's function tools
 * handed back as {@code function_call} items. Unlike chat completions it has state: unless {@code store} is false,
 * each response is kept as a point in a Tether session, and {@code previous_response_id} continues from there
 * (see {@link ResponseLinks}). Register it under {@code /v1}.
 */
public final class ResponsesService implements HttpService {

    private static final Logger LOG = Logger.getLogger(ResponsesService.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final ResponseLinks links;

    public ResponsesService(Engine engine) {
        this.engine = engine;
        this.links = new ResponseLinks(engine.store(), engine.config().limits().maxTitleChars());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/responses", this::create).get("/responses/{id}", this::retrieve);
    }

    private void retrieve(ServerRequest req, ServerResponse res) {
        OpenAiError.handle(res, LOG, "response failed", () -> {
            String id = req.path().pathParameters().get("id");
            String body = links.body(id).orElseThrow(() -> notFound("id", id));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(body);
        });
    }

    private void create(ServerRequest req, ServerResponse res) {
        OpenAiError.handle(res, LOG, "response failed", () -> {
            ResponsesRequest request = ResponsesRequest.parse(body(req));
            ResponseLinks.Point from = request.previousResponseId() == null
                    ? null
                    : links.find(request.previousResponseId())
                            .orElseThrow(() -> notFound("previous_response_id", request.previousResponseId()));
            List<Message> history = new ArrayList<>();
            if (request.instructions() != null && !request.instructions().isBlank()) {
                history.add(Message.system(request.instructions()));
            }
            if (from != null) {
                history.addAll(from.history());
            }
            history.addAll(request.input());
            Completion.Request call =
                    new Completion.Request(request.model(), history, request.tools(), request.options());
            try (Completion completion = engine.orchestrator().complete(call)) {
                new Run(request, from, res).go(completion);
            }
        });
    }

    /** One response being made: its JSON, its output items, and where its events go when streamed. */
    private final class Run {

        private final ResponsesRequest request;
        private final ResponseLinks.Point from;
        private final ServerResponse res;
        private final ResponseJson json;
        private final NamedSseWriter sse;
        private int sequence;

        Run(ResponsesRequest request, ResponseLinks.Point from, ServerResponse res) {
            this.request = request;
            this.from = from;
            this.res = res;
            this.json = new ResponseJson(request);
            this.sse = request.stream() ? new NamedSseWriter(res) : null;
        }

        void go(Completion completion) {
            ResponseOutput output = new ResponseOutput(sse == null ? ResponseOutput.Events.NONE : this::event);
            Completion.Result result = completion.run(output::on);
            if (result.finishReason() == FinishReason.CANCELLED) {
                return;
            }
            boolean started = sse != null && sse.started();
            if (result.failure().isPresent() && !started) {
                throw OpenAiError.from(result.failure().get());
            }
            try {
                if (result.failure().isPresent()) {
                    event(
                            "response.failed",
                            JSON.createObjectNode()
                                    .set(
                                            "response",
                                            json.failed(
                                                    output.items(),
                                                    result.usage(),
                                                    OpenAiError.from(
                                                            result.failure().get()))));
                } else {
                    output.finish();
                    ObjectNode done =
                            json.finished(output.items(), result.usage(), result.finishReason() == FinishReason.LENGTH);
                    if (request.store()) {
                        links.save(json.id(), from, added(result), done.toString());
                    }
                    if (sse == null) {
                        res.header(HeaderNames.CONTENT_TYPE, "application/json");
                        res.send(done.toString());
                        return;
                    }
                    event(
                            result.finishReason() == FinishReason.LENGTH ? "response.incomplete" : "response.completed",
                            JSON.createObjectNode().set("response", done));
                }
            } catch (UncheckedIOException e) {
                LOG.fine("client left before the end of a response stream");
            }
            if (sse != null) {
                sse.close();
            }
        }

        /** The messages this response adds to its session: the input (no system messages) and the answer. */
        private List<Message> added(Completion.Result result) {
            List<Message> added = new ArrayList<>(request.input().stream()
                    .filter(m -> m.role() != Role.SYSTEM)
                    .toList());
            added.add(Message.assistant(result.text(), result.calls(), result.finishReason()));
            return added;
        }

        /** A stream event; the first one is preceded by {@code response.created} and {@code response.in_progress}. */
        private void event(String type, ObjectNode fields) {
            if (!sse.started()) {
                send("response.created", JSON.createObjectNode().set("response", json.inProgress()));
                send("response.in_progress", JSON.createObjectNode().set("response", json.inProgress()));
            }
            send(type, fields);
        }

        private void send(String type, ObjectNode fields) {
            ObjectNode event = JSON.createObjectNode().put("type", type).put("sequence_number", sequence++);
            event.setAll(fields);
            sse.event(type, event);
        }
    }

    private static OpenAiError notFound(String param, String id) {
        return new OpenAiError(
                404, "invalid_request_error", param, "response_not_found", "no stored response with id '" + id + "'");
    }

    private ObjectNode body(ServerRequest req) {
        try {
            return Json.readObject(req, engine.config().server().maxBodyBytes());
        } catch (ApiError e) {
            throw new OpenAiError(e.status().code(), "invalid_request_error", null, e.code(), e.getMessage());
        }
    }
}
