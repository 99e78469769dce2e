package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.config.TetherConfig;
import dev.tether.mcp.McpHttpSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpHttpConfigTest {

    @Test
    void takesKeyLimitOriginsAndHostFromTethersConfiguration(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t.yml"), """
                host: 192.168.1.20
                server:
                  api_key: k3y
                  max_body_bytes: 4096
                  cors: { allowed_origins: ["https://notes.example.org", "http://tools.lan:*"] }
                """);
        McpHttpSettings settings =
                McpHttpConfig.from(TetherConfig.load(Optional.of(file), Map.of(), name -> null), Duration.ofMinutes(5));
        assertThat(settings.apiKey()).hasValue("k3y");
        assertThat(settings.maxBodyBytes()).isEqualTo(4096);
        assertThat(settings.allowedOrigins()).containsExactly("https://notes.example.org", "http://tools.lan:*");
        assertThat(settings.allowedHosts()).containsExactly("192.168.1.20:*", "notes.example.org:*", "tools.lan:*");
        assertThat(settings.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theDefaultsAreLoopbackOnlyWithoutAKey() {
        McpHttpSettings settings = McpHttpConfig.from(TetherConfig.load(Optional.empty(), Map.of(), name -> null));
        assertThat(settings.apiKey()).isEmpty();
        assertThat(settings.allowedOrigins()).isEmpty();
        assertThat(settings.sessionIdleTimeout()).isEqualTo(McpHttpSettings.DEFAULT_SESSION_IDLE_TIMEOUT);
    }
}
