package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class McpHttpSettingsTest {

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> McpHttpSettings.defaults().withMaxBodyBytes(0)).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> McpHttpSettings.defaults().withSessionIdleTimeout(Duration.ZERO))
                .hasMessageContaining("sessionIdleTimeout");
    }

    @Test
    void eachWitherChangesItsOwnValueAndKeepsTheOthers() {
        McpHttpSettings settings = McpHttpSettings.defaults()
                .withApiKey("key")
                .withMaxBodyBytes(10)
                .withSessionIdleTimeout(Duration.ofSeconds(2))
                .withKeepAlive(Duration.ofSeconds(3))
                .withAllowedOrigins(List.of("http://app:8080"))
                .withAllowedHosts(List.of("app"))
                .withMaxSessions(4)
                .withNetworkAfterPrivateData(true);

        assertThat(settings)
                .isEqualTo(new McpHttpSettings(
                        List.of("http://app:8080"),
                        List.of("app:*"),
                        Optional.of("key"),
                        10,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3),
                        4,
                        true));
        McpHttpSettings more = settings.withMaxSessions(5);
        assertThat(more.maxSessions()).isEqualTo(5);
        assertThat(more)
                .usingRecursiveComparison()
                .ignoringFields("maxSessions")
                .isEqualTo(settings);
    }
}
