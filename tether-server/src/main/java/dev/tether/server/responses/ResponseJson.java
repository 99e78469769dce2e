package dev.tether.server.responses;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Usage;
import dev.tether.server.http.RandomIds;
import dev.tether.server.openai.OpenAiError;
import java.time.Instant;
import java.util.List;

/** The {@code response} object of one request, in its states: in progress, completed, incomplete or failed. */
final class ResponseJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id = RandomIds.next("resp_");
    private final long createdAt = Instant.now().getEpochSecond();
    private final ResponsesRequest request;

    ResponseJson(ResponsesRequest request) {
        this.request = request;
    }

    String id() {
        return id;
    }

    ObjectNode inProgress() {
        return body("in_progress", List.of(), null);
    }

    /** Finished: {@code completed}, or {@code incomplete} when the output-token limit cut it. */
    ObjectNode finished(List<ObjectNode> output, Usage usage, boolean cut) {
        ObjectNode body = body(cut ? "incomplete" : "completed", output, usage);
        if (cut) {
            body.putObject("incomplete_details").put("reason", "max_output_tokens");
        }
        return body;
    }

    ObjectNode failed(List<ObjectNode> output, Usage usage, OpenAiError error) {
        ObjectNode body = body("failed", output, usage);
        body.putObject("error")
                .put("code", error.body().path("error").path("code").asText("server_error"))
                .put("message", error.getMessage());
        return body;
    }

    private ObjectNode body(String status, List<ObjectNode> output, Usage usage) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", id)
                .put("object", "response")
                .put("created_at", createdAt)
                .put("status", status);
        body.putNull("error");
        body.putNull("incomplete_details");
        body.put("model", request.model());
        ArrayNode items = body.putArray("output");
        output.forEach(items::add);
        body.setAll(request.echo());
        body.put("store", request.store());
        if (usage == null) {
            body.putNull("usage");
        } else {
            ObjectNode u = body.putObject("usage").put("input_tokens", usage.promptTokens());
            u.putObject("input_tokens_details").put("cached_tokens", 0);
            u.put("output_tokens", usage.completionTokens());
            u.putObject("output_tokens_details").put("reasoning_tokens", 0);
            u.put("total_tokens", usage.promptTokens() + usage.completionTokens());
        }
        return body;
    }
}
