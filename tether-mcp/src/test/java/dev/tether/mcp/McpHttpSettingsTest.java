package dev.tether.mcp;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class McpHttpSettingsTest {

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> McpHttpSettings.defaults().withMaxBodyBytes(0))
                .hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> McpHttpSettings.defaults().withSessionIdleTimeout(Duration.ZERO))
                .hasMessageContaining("sessionIdleTimeout");
    }
}
