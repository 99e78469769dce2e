package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /readyz} answers 503 in the same shape when the store stops answering; {@code /healthz} stays up. */
class ReadinessTest {

    @TempDir
    Path dir;

    @Test
    void reportsAClosedStoreAsNotReady() {
        try (TestServer tether = TestServer.start(dir)) {
            assertThat(tether.http.get("/readyz").status()).isEqualTo(200);

            tether.engine.store().close();

            Http.Response ready = tether.http.get("/readyz");
            assertThat(ready.status()).isEqualTo(503);
            JsonNode body = ready.json();
            assertThat(body.get("ready").asBoolean()).isFalse();
            assertThat(body.get("store").asBoolean()).isFalse();
            assertThat(body.get("provider").asBoolean()).isTrue();
            assertThat(tether.http.get("/healthz").status()).isEqualTo(200);
            Http.Response sessions = tether.http.get("/sessions");
            assertThat(sessions.status()).isGreaterThanOrEqualTo(500);
            assertThat(sessions.json().get("error").get("code").asText()).isNotBlank();
            assertThat(sessions.body()).doesNotContain("Exception");
        }
    }
}
