package dev.tether.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.model.PromptRequest;
import dev.tether.server.http.Fields;
import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;
import java.util.Map;

/** {@code /models}: the models the configured providers serve, one model's details, and unloading. */
final class ModelService implements HttpService {

    private final ModelRouter models;
    private final long maxBodyBytes;

    ModelService(ModelRouter models, long maxBodyBytes) {
        this.models = models;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        // /models/unload comes before /models/{name} so the literal path wins for POST
        Routes.on(rules)
                .get("/models", this::list)
                .post("/models/unload", this::unload)
                .get("/models/{name}", this::get)
                .post("/models/{name}/template", this::template)
                .otherMethodsNotAllowed();
    }

    /** The names; with {@code ?details=true} each model's details, a broken file's {@code error} among them. */
    private void list(ServerRequest req, ServerResponse res) {
        boolean details =
                req.query().first("details").map("true"::equalsIgnoreCase).orElse(false);
        ArrayNode out = Json.MAPPER.createArrayNode();
        models.models().forEach(m -> {
            if (details) {
                out.add(info(m));
            } else {
                out.add(m.name());
            }
        });
        Json.ok(res, out);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        ModelInfo info = models.find(name)
                .orElseThrow(() -> new EngineException(ErrorCode.MODEL_NOT_FOUND, "unknown model: " + name));
        Json.ok(res, info(info));
    }

    /** The prompt the model's engine would tokenize for a conversation: for debugging templates and tool use. */
    private void template(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        models.find(name).orElseThrow(() -> new EngineException(ErrorCode.MODEL_NOT_FOUND, "unknown model: " + name));
        PromptRequest request = PromptRequestJson.read(Json.readObject(req, maxBodyBytes));
        Json.ok(res, Json.object().put("prompt", models.renderPrompt(name, request)));
    }

    private void unload(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        String name = Fields.requiredString(body, "model_name");
        boolean wasLoaded = models.unload(name);
        Json.ok(res, Json.object().put("success", true).put("model_name", name).put("was_loaded", wasLoaded));
    }

    static ObjectNode info(ModelInfo info) {
        ObjectNode node = Json.object()
                .put("name", info.name())
                .put("provider", info.provider())
                .put("loaded", info.loaded());
        for (Map.Entry<String, Object> detail : info.details().entrySet()) {
            node.set(snakeCase(detail.getKey()), Json.MAPPER.valueToTree(detail.getValue()));
        }
        return node;
    }

    private static String snakeCase(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
