package dev.tether.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ResponseFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static final String SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["sky", "place"],
             "properties": {"sky": {"enum": ["sunny", "grey"]},
                            "place": {"type": "object", "required": ["city"],
                                      "properties": {"city": {"type": "string"}}}}}""";

    @Test
    void readsOpenAisNestedShapeAndTheFlatShapeAlike() throws Exception {
        ResponseFormat nested = ResponseFormat.parse(
                json("{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"w\", \"schema\": " + SCHEMA + "}}"));
        ResponseFormat flat =
                ResponseFormat.parse(json("{\"type\": \"json_schema\", \"name\": \"w\", \"schema\": " + SCHEMA + "}"));

        assertThat(nested).isEqualTo(flat);
        assertThat(nested.wire().at("/json_schema/schema")).isEqualTo(json(SCHEMA));
        assertThat(ResponseFormat.parse(json("{\"type\": \"text\"}"))).isNull();
        assertThat(ResponseFormat.parse(null)).isNull();
        assertThat(ResponseFormat.parse(json("{\"type\": \"json_object\"}"))
                        .wire()
                        .get("type")
                        .asText())
                .isEqualTo("json_object");
    }

    @Test
    void anAnswerIsCheckedAgainstTheSchemaNestedObjectsAndEnumsIncluded() throws Exception {
        ResponseFormat format = ResponseFormat.parse(json("{\"type\": \"json_schema\", \"schema\": " + SCHEMA + "}"));

        assertThat(format.violation("{\"sky\": \"sunny\", \"place\": {\"city\": \"Oslo\"}}"))
                .isEmpty();
        assertThat(format.violation(" \n{\"sky\": \"grey\", \"place\": {\"city\": \"Oslo\"}}\n"))
                .isEmpty();
        assertThat(format.violation("{\"sky\": \"green\", \"place\": {\"city\": \"Oslo\"}}"))
                .get()
                .asString()
                .contains("does not match the schema")
                .contains("sky");
        assertThat(format.violation("{\"sky\": \"grey\", \"place\": {}}"))
                .get()
                .asString()
                .contains("city");
        assertThat(format.violation("It is sunny.")).get().asString().startsWith("the answer is not JSON");
        assertThat(format.violation("")).isPresent();
    }

    @Test
    void jsonObjectTakesAnyObjectButNothingElse() {
        assertThat(ResponseFormat.JSON_OBJECT.violation("{\"a\": [1, 2]}")).isEmpty();
        assertThat(ResponseFormat.JSON_OBJECT.violation("[1, 2]"))
                .get()
                .asString()
                .contains("not an object");
        assertThat(ResponseFormat.JSON_OBJECT.violation("{\"a\": ")).isPresent();
        assertThat(ResponseFormat.JSON_OBJECT.violation("{\"a\": 1} and some prose"))
                .isPresent();
    }

    @Test
    void aFormatThatIsWrongIsRefusedSayingWhy() {
        assertThatThrownBy(() -> ResponseFormat.parse(json("{\"type\": \"xml\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xml");
        assertThatThrownBy(() -> ResponseFormat.parse(json("{\"type\": \"json_schema\", \"json_schema\": {}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> ResponseFormat.parse(json("\"json\""))).isInstanceOf(IllegalArgumentException.class);
    }
}
