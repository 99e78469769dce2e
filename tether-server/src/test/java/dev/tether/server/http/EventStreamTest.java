package dev.tether.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes of one event in each format; the headers, flushing and a client gone are tested over HTTP. */
class EventStreamTest {

    private static final StreamEvent PROGRESS = StreamEvent.progress(52_428_800, 1_929_903_264, 31_457_280.4);

    @Test
    void ndjsonIsTheEventObjectOnOneLine() {
        assertThat(text(EventStream.frame(EventStream.Format.NDJSON, PROGRESS)))
                .isEqualTo("{\"type\":\"progress\",\"data\":{\"downloaded_bytes\":52428800,\"total_bytes\":1929903264,"
                        + "\"bytes_per_second\":31457280}}\n");
    }

    @Test
    void sseNamesTheTypeAndCarriesTheSameObject() {
        StreamEvent error = StreamEvent.error("hub_unreachable", "line one\nline two");
        assertThat(text(EventStream.frame(EventStream.Format.SSE, error)))
                .isEqualTo("event: error\ndata: {\"type\":\"error\",\"data\":{\"code\":\"hub_unreachable\","
                        + "\"message\":\"line one\\nline two\"}}\n\n");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
