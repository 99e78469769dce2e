package dev.tether.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Absent or null takes the default; a wrong value is refused with the API's error, naming what it must be. */
class CompatFieldsTest {

    private static final CompatFields FIELDS =
            new CompatFields((field, must) -> new IllegalStateException(field + " " + must));

    @Test
    void absentOrNullTakesTheDefault() {
        JsonNode root = tree("{\"stream\": null}");
        assertThat(FIELDS.bool(root, "stream", true)).isTrue();
        assertThat(FIELDS.bool(root, "store", false)).isFalse();
        assertThat(FIELDS.positiveInt(root, "max_tokens")).isNull();
        assertThat(FIELDS.range(root, "temperature", 0, 2)).isNull();
        assertThat(FIELDS.string(root, "instructions")).isNull();
    }

    @Test
    void readsGoodValues() {
        JsonNode root = tree("{\"n\": 3, \"t\": 0.5, \"s\": \"x\", \"b\": false}");
        assertThat(FIELDS.positiveInt(root, "n")).isEqualTo(3);
        assertThat(FIELDS.range(root, "t", 0, 1)).isEqualTo(0.5);
        assertThat(FIELDS.string(root, "s")).isEqualTo("x");
        assertThat(FIELDS.bool(root, "b", true)).isFalse();
    }

    @Test
    void refusesWrongValuesSayingWhatTheyMustBe() {
        JsonNode root = tree("{\"n\": 0, \"f\": 1.5, \"t\": 3, \"s\": 1, \"b\": \"yes\"}");
        assertThatThrownBy(() -> FIELDS.positiveInt(root, "n")).hasMessage("n must be a positive integer");
        assertThatThrownBy(() -> FIELDS.positiveInt(root, "f")).hasMessage("f must be a positive integer");
        assertThatThrownBy(() -> FIELDS.range(root, "t", 0, 2)).hasMessage("t must be a number from 0.0 to 2.0");
        assertThatThrownBy(() -> FIELDS.string(root, "s")).hasMessage("s must be a string");
        assertThatThrownBy(() -> FIELDS.bool(root, "b", false)).hasMessage("b must be true or false");
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
