package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Latency and time-to-first-token histograms with per-model and per-tool labels on {@code /metrics}. */
class MetricsHistogramTest {

    @TempDir
    Path dir;

    @Test
    void chatTurnsAndToolCallsAreTimedWithTheirModelAndTool() {
        try (TestServer tether = TestServer.start(dir)) {
            String session = tether.newSession();
            assertThat(tether.http
                            .post("/chat/stream", Http.chatBody(session, "what time is it"))
                            .status())
                    .isEqualTo(200);
            assertThat(tether.http
                            .post(
                                    "/chat/stream",
                                    "{\"session_id\":\"" + session + "\",\"prompt\":\"hi\",\"model_name\":\"other\"}")
                            .status())
                    .isEqualTo(200);
            // names no model: it continues on the chat's model, "other" now, and is timed under it
            assertThat(tether.http
                            .post("/chat/stream", "{\"session_id\":\"" + session + "\",\"prompt\":\"hi\"}")
                            .status())
                    .isEqualTo(200);

            String metrics = tether.http.get("/metrics").body();

            assertThat(metrics)
                    .contains("# TYPE tether_http_request_seconds histogram")
                    .containsPattern("tether_http_request_seconds_count\\{method=\"POST\"} [1-9]")
                    .contains("# TYPE tether_chat_time_to_first_token_seconds histogram")
                    .contains("tether_chat_time_to_first_token_seconds_count{model=\"scripted\"} 1")
                    .contains("tether_chat_time_to_first_token_seconds_count{model=\"other\"} 2")
                    .contains("tether_chat_time_to_first_token_seconds_bucket{model=\"scripted\",le=\"+Inf\"} 1")
                    .contains("tether_chat_turn_seconds_count{model=\"scripted\"} 1")
                    .contains("tether_tool_call_seconds_count{tool=\"get_current_time\"} 1")
                    .contains("tether_tool_calls_by_tool_total{tool=\"get_current_time\"} 1");
        }
    }

    @Test
    void labelValuesAreBoundedAndEscaped() {
        Histogram histogram = new Histogram("h", "help", "model");
        for (int i = 0; i < Histogram.MAX_LABELS + 10; i++) {
            histogram.observe("m\"" + i, 0.2);
        }
        StringBuilder out = new StringBuilder();
        histogram.write(out);

        assertThat(out)
                .contains("h_count{model=\"other\"} 10")
                .contains("h_count{model=\"m\\\"0\"} 1")
                .contains("h_bucket{model=\"other\",le=\"0.25\"} 10")
                .contains("h_bucket{model=\"other\",le=\"0.1\"} 0");
    }
}
