package dev.tether.server.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.Engine;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.Embeddings;
import dev.tether.engine.model.ModelInfo;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * OpenAI's {@code POST /embeddings}: vectors from a local embedding model (a GGUF that llama-server runs with
 * {@code --embeddings}). Register it under {@code /v1}.
 */
public final class EmbeddingsService implements HttpService {

    private static final Logger LOG = Logger.getLogger(EmbeddingsService.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;

    public EmbeddingsService(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/embeddings", this::embeddings);
    }

    private void embeddings(ServerRequest req, ServerResponse res) {
        OpenAiError.handle(res, LOG, "embeddings failed", () -> {
            EmbeddingsRequest request = EmbeddingsRequest.parse(OpenAiService.body(req));
            String model = request.model().orElseGet(this::firstEmbeddingModel);
            Embeddings embeddings;
            try {
                embeddings = engine.models().embed(model, request.inputs());
            } catch (EngineException e) {
                if (e.errorCode() == ErrorCode.PROMPT_TOO_LONG) {
                    throw OpenAiError.invalid("input", e.code(), e.getMessage());
                }
                throw e;
            }
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(answer(model, embeddings, request.base64()).toString());
        });
    }

    private String firstEmbeddingModel() {
        return engine.models().embeddingModels().stream()
                .map(ModelInfo::name)
                .findFirst()
                .orElseThrow(() -> new EngineException(
                        ErrorCode.NO_MODEL, "no embedding model is installed; add an embedding GGUF to dist_root"));
    }

    private static ObjectNode answer(String model, Embeddings embeddings, boolean base64) {
        ObjectNode answer = JSON.createObjectNode().put("object", "list");
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < embeddings.vectors().size(); i++) {
            float[] vector = embeddings.vectors().get(i);
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                item.put("embedding", base64(vector));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        answer.put("model", model);
        answer.putObject("usage")
                .put("prompt_tokens", embeddings.promptTokens())
                .put("total_tokens", embeddings.promptTokens());
        return answer;
    }

    /** OpenAI's base64 form: the float32 values, little-endian. */
    private static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
            bytes.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
