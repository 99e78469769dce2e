package dev.tether.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.error.EngineException;
import dev.tether.server.http.ApiError;
import dev.tether.server.http.Fields;
import java.util.List;

/** Reads the {@code options} object of {@code POST /chat/stream} into {@link ChatOptions}. */
final class ChatOptionsJson {

    private ChatOptionsJson() {}

    static ChatOptions read(ObjectNode body) {
        ObjectNode o = Fields.object(body, "options").orElse(null);
        if (o == null) {
            return ChatOptions.DEFAULT;
        }
        Integer maxTokens = Fields.integer(o, "max_tokens").orElse(null);
        if (maxTokens != null && maxTokens <= 0) {
            throw ApiError.badRequest("invalid_field", "options.max_tokens must be positive");
        }
        Double temperature = Fields.number(o, "temperature").orElse(null);
        if (temperature != null && (temperature < 0 || temperature > 5)) {
            throw ApiError.badRequest("invalid_field", "options.temperature must be from 0 to 5");
        }
        Double topP = Fields.number(o, "top_p").orElse(null);
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw ApiError.badRequest("invalid_field", "options.top_p must be above 0 and at most 1");
        }
        Long seed = Fields.longValue(o, "seed").orElse(null);
        List<String> stop = Fields.strings(o, "stop", true).orElse(List.of());
        List<String> tools = Fields.strings(o, "tools", false).orElse(null);
        ToolChoice choice = ToolChoice.AUTO;
        var choiceText = Fields.string(o, "tool_choice");
        if (choiceText.isPresent()) {
            try {
                choice = ToolChoice.parse(choiceText.get());
            } catch (EngineException e) {
                throw ApiError.badRequest(e.code(), e.getMessage());
            }
        }
        ResponseFormat format;
        try {
            format = ResponseFormat.parse(o.get("response_format"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid_field", "options.response_format " + e.getMessage());
        }
        return new ChatOptions(maxTokens, temperature, topP, seed, stop, tools, choice, format);
    }
}
