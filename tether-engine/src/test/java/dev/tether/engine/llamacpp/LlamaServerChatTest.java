package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.tool.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlamaServerChatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static GenerationRequest request(ToolChoice choice) {
        ObjectNode params = JSON.createObjectNode().put("type", "object");
        params.putObject("properties").putObject("city").put("type", "string");
        List<ToolSpec> tools = List.of(
                new ToolSpec("weather", "the weather", params, null),
                new ToolSpec("time", "the time", JSON.createObjectNode().put("type", "object"), null));
        return new GenerationRequest(
                "m",
                List.of(Message.system("s"), Message.user("u")),
                tools,
                ChatOptions.DEFAULT.withToolChoice(choice),
                new Cancellation(),
                "session",
                1000,
                true);
    }

    @Test
    void aForcedCallIsASchemaOverTheDemandedToolWithoutReasoningFirst() {
        ObjectNode body = LlamaServerChat.body(request(ToolChoice.named("weather")), List.of(Message.user("u")), 2, 64);

        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/response_format/json_schema/schema/anyOf")).hasSize(1);
        assertThat(body.at("/response_format/json_schema/schema/anyOf/0/properties/name/const")
                        .asText())
                .as(body.toString())
                .isEqualTo("weather");
        assertThat(body.at("/response_format/json_schema/schema/anyOf/0/properties/arguments/properties/city/maxLength")
                        .asInt())
                .isEqualTo(64);
        assertThat(body.at("/chat_template_kwargs/enable_thinking").isBoolean()).isTrue();
        assertThat(body.at("/chat_template_kwargs/enable_thinking").asBoolean()).isFalse();
        assertThat(body.at("/tools")).hasSize(1);
        assertThat(body.get("id_slot").asInt()).isEqualTo(2);
    }

    @Test
    void anOrdinaryAnswerMayReasonAndIsNotConstrained() {
        ObjectNode body = LlamaServerChat.body(request(ToolChoice.AUTO), List.of(Message.user("u")), 0, 64);

        assertThat(body.has("response_format")).isFalse();
        assertThat(body.has("chat_template_kwargs")).isFalse();
        assertThat(body.at("/tools")).hasSize(2);
    }

    @Test
    void aResponseFormatIsSentAsLlamaServersSchemaConstraintWithoutReasoning() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        schema.putObject("properties")
                .putObject("sky")
                .putArray("enum")
                .add("sunny")
                .add("grey");
        GenerationRequest asked = request(ToolChoice.AUTO);
        GenerationRequest request = new GenerationRequest(
                "m",
                asked.messages(),
                asked.tools(),
                asked.options()
                        .withResponseFormat(new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "weather", schema)),
                new Cancellation(),
                "session",
                1000,
                true);

        ObjectNode body = LlamaServerChat.body(request, List.of(Message.user("u")), 0, 64);

        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/response_format/json_schema/name").asText()).isEqualTo("weather");
        assertThat(body.at("/response_format/json_schema/schema")).isEqualTo(schema);
        assertThat(body.at("/chat_template_kwargs/enable_thinking").asBoolean(true))
                .isFalse();
        assertThat(body.has("tools"))
                .as("a constrained answer cannot be a call")
                .isFalse();
    }
}
