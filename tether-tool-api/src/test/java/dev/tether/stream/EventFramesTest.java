package dev.tether.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventFramesTest {

    @Test
    void ndjsonIsTheJsonAndOneNewline() {
        assertThat(text(EventFrames.ndjsonLine("{\"a\":\"é\"}"))).isEqualTo("{\"a\":\"é\"}\n");
    }

    @Test
    void sseEventNamesTheTypeAndCarriesEachDataLine() {
        assertThat(text(EventFrames.sseEvent("token", null, "{\"x\":1}")))
                .isEqualTo("event: token\ndata: {\"x\":1}\n\n");
        assertThat(text(EventFrames.sseEvent("message", "7", "one\ntwo")))
                .isEqualTo("id: 7\nevent: message\ndata: one\ndata: two\n\n");
    }

    @Test
    void sseWithoutAnEventNameIsDataOnly() {
        assertThat(text(EventFrames.sseEvent(null, null, "[DONE]"))).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void commentStartsWithAColon() {
        assertThat(text(EventFrames.sseComment("keep-alive"))).isEqualTo(": keep-alive\n\n");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
