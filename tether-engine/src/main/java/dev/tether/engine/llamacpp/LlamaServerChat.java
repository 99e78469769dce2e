package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Message;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.remote.OpenAiWire;
import dev.tether.tool.ToolSpec;
import java.util.List;

/**
 * The body of one streamed {@code /v1/chat/completions} call to a llama-server child. The session's slot and
 * {@code cache_prompt} keep its history in the slot's KV cache. A call the client demands ({@code tool_choice}
 * {@code required} or a tool's name) is forced with a JSON schema — llama-server's own {@code "required"} lets a
 * model write text first and ignores a named choice — over the demanded tools only: the model must write
 * {@code {"name": …, "arguments": {…}}}, which {@link ForcedCall} turns into the call. A forced answer does not
 * reason first ({@code enable_thinking: false}): the schema then holds from its first token.
 */
final class LlamaServerChat {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LlamaServerChat() {}

    /**
     * Whether the answer must be a call to one of the offered tools: whenever the request demands one. (The tool loop
     * demands it only of a turn's first model call, so the model may answer its tools' results in words.)
     */
    static boolean forced(GenerationRequest request) {
        return request.options().toolChoice().requiresCall() && !request.tools().isEmpty();
    }

    /** The tools the model may call ({@link dev.tether.engine.chat.ToolChoice#offered}). */
    static List<ToolSpec> offered(GenerationRequest request) {
        return request.options().toolChoice().offered(request.tools());
    }

    static ObjectNode body(GenerationRequest request, List<Message> messages, int slot, int forcedStringChars) {
        ObjectNode body = JSON.createObjectNode()
                .put("stream", true)
                .put("cache_prompt", true)
                .put("id_slot", slot);
        body.putObject("stream_options").put("include_usage", true);
        ArrayNode wire = body.putArray("messages");
        messages.forEach(m -> wire.add(OpenAiWire.message(m)));
        List<ToolSpec> tools = offered(request);
        // a structured answer is constrained from its first token, so it cannot be a call: no tools beside it,
        // unless a call is forced, which then comes first (the format holds for the answer after the result)
        boolean structured = request.options().responseFormat() != null && !forced(request);
        if (!tools.isEmpty() && !structured) {
            ArrayNode list = body.putArray("tools");
            tools.forEach(t -> list.add(OpenAiWire.tool(t)));
        }
        if (forced(request) && !tools.isEmpty()) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema")
                    .put("name", "tool_call")
                    .set("schema", callSchema(tools, forcedStringChars));
            // a reasoning template opens <think> unconstrained, and a model can spend the whole budget there
            body.putObject("chat_template_kwargs").put("enable_thinking", false);
        } else if (structured) {
            // llama-server turns the schema into a grammar; the grammar holds from the first token, so no thinking
            body.set("response_format", request.options().responseFormat().wire());
            body.putObject("chat_template_kwargs").put("enable_thinking", false);
        }
        OpenAiWire.sampling(request.options(), body, "max_tokens");
        return body;
    }

    /** One of {@code {"name": <tool>, "arguments": <its parameters>}}, every unbounded string bounded. */
    static ObjectNode callSchema(List<ToolSpec> tools, int maxStringChars) {
        ObjectNode schema = JSON.createObjectNode();
        ArrayNode anyOf = schema.putArray("anyOf");
        for (ToolSpec tool : tools) {
            ObjectNode one = anyOf.addObject().put("type", "object").put("additionalProperties", false);
            ObjectNode properties = one.putObject("properties");
            properties.putObject("name").put("const", tool.name());
            properties.set("arguments", bounded(tool.inputSchema().deepCopy(), maxStringChars));
            one.putArray("required").add("name").add("arguments");
        }
        return schema;
    }

    /** A model that would not call a tool would not close a string either: strings get a {@code maxLength}. */
    private static JsonNode bounded(JsonNode schema, int maxStringChars) {
        if (schema instanceof ObjectNode object) {
            if ("string".equals(object.path("type").asText())
                    && !object.has("maxLength")
                    && !object.has("enum")
                    && !object.has("const")) {
                object.put("maxLength", maxStringChars);
            }
            object.properties().forEach(e -> bounded(e.getValue(), maxStringChars));
        } else if (schema instanceof ArrayNode array) {
            array.forEach(item -> bounded(item, maxStringChars));
        }
        return schema;
    }
}
