package dev.tether.mcp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class McpHttpSettingsTest {

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> McpHttpSettings.defaults().withMaxBodyBytes(0)).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> McpHttpSettings.defaults().withSessionIdleTimeout(Duration.ZERO))
                .hasMessageContaining("sessionIdleTimeout");
    }
}
