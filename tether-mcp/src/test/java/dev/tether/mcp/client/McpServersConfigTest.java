package dev.tether.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.configfile.ConfigException;
import dev.tether.tool.ToolsConfig;
import dev.tether.tool.approval.ApprovalMode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpServersConfigTest {

    private static List<McpServerConfig> read(String yaml, String file) {
        Config servers = Config.just(ConfigSources.create("servers:\n" + yaml.indent(2), MediaTypes.APPLICATION_X_YAML))
                .get("servers");
        return McpServersConfig.read(new ToolsConfig.External(servers, file, 60, 1000));
    }

    @Test
    void stdioAndHttpEntriesWithTheirSettingsAndTheDefaults() {
        List<McpServerConfig> servers = read("""
                - name: files
                  command: npx
                  args: [-y, "@modelcontextprotocol/server-filesystem", /tmp]
                  env: {DEBUG: "1"}
                  cwd: /tmp
                  tools: [read_file]
                  start: eager
                  reaches_network: false
                  approval: allow
                  reexport: true
                - name: remote
                  url: https://example.com/mcp
                  headers_env: {Authorization: REMOTE_TOKEN}
                  enabled: false
                """, "");
        McpServerConfig files = servers.getFirst();
        assertThat(files.transport())
                .isEqualTo(new McpServerConfig.Transport.Stdio(
                        "npx",
                        List.of("-y", "@modelcontextprotocol/server-filesystem", "/tmp"),
                        Map.of("DEBUG", "1"),
                        java.util.Optional.of(Path.of("/tmp"))));
        assertThat(files.tools()).containsExactly("read_file");
        assertThat(files.eager()).isTrue();
        assertThat(files.reachesNetwork()).isFalse();
        assertThat(files.readsPrivateData()).isTrue();
        assertThat(files.approval()).isEqualTo(ApprovalMode.ALLOW);
        assertThat(files.reexport()).isTrue();
        McpServerConfig remote = servers.get(1);
        assertThat(remote.transport())
                .isEqualTo(new McpServerConfig.Transport.Http(
                        "https://example.com/mcp", Map.of("Authorization", "REMOTE_TOKEN")));
        assertThat(remote.enabled()).isFalse();
        assertThat(remote.reachesNetwork()).isTrue();
        assertThat(remote.approval()).isEqualTo(ApprovalMode.ASK);
        assertThat(remote.eager()).isFalse();
        assertThat(remote.reexport()).isFalse();
    }

    @Test
    void aClaudeDesktopFileAddsItsServers(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("claude_desktop_config.json"), """
                {"mcpServers": {
                  "memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"],
                             "env": {"MEMORY_FILE_PATH": "/tmp/m.json"}},
                  "docs": {"url": "http://127.0.0.1:9/mcp"}
                }}""");
        List<McpServerConfig> servers = read("- name: files\n  command: x\n", file.toString());
        assertThat(servers).extracting(McpServerConfig::name).containsExactly("files", "memory", "docs");
        assertThat(servers.get(1).transport())
                .isEqualTo(new McpServerConfig.Transport.Stdio(
                        "npx",
                        List.of("-y", "@modelcontextprotocol/server-memory"),
                        Map.of("MEMORY_FILE_PATH", "/tmp/m.json"),
                        java.util.Optional.empty()));
        assertThat(servers.get(1).approval()).isEqualTo(ApprovalMode.ASK);
    }

    @Test
    void badEntriesNameTheirKey(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> read("- name: a\n  command: x\n  url: http://h/mcp\n", ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mcp.servers[0]")
                .hasMessageContaining("either command");
        assertThatThrownBy(() -> read("- name: has space\n  command: x\n", ""))
                .hasMessageContaining("mcp.servers[0].name");
        assertThatThrownBy(() -> read("- name: a\n  command: x\n- name: a\n  command: y\n", ""))
                .hasMessageContaining("two MCP servers are named a");
        assertThatThrownBy(() -> read("- name: a\n  command: x\n  approval: maybe\n", ""))
                .hasMessageContaining("mcp.servers[0].approval");
        assertThatThrownBy(() -> read("- name: a\n  command: x\n  start: later\n", ""))
                .hasMessageContaining("mcp.servers[0].start");
        assertThatThrownBy(() -> read("- name: a\n  url: http://h/sse\n  transport: websocket\n", ""))
                .hasMessageContaining("mcp.servers[0].transport");
        assertThatThrownBy(() -> read("- name: a\n  url: ftp://h\n", "")).hasMessageContaining("mcp.servers[0].url");
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{\"servers\": {}}");
        assertThatThrownBy(() -> read("[]", notJson.toString())).hasMessageContaining("no mcpServers object");
        assertThatThrownBy(() -> read("[]", dir.resolve("missing.json").toString()))
                .hasMessageContaining("cannot read");
    }

    @Test
    void aMisspeltKeyOfAServerEntryIsNamedWithTheKeyMeant() {
        Config defaults = Config.just(ConfigSources.classpath(dev.tether.configfile.ConfigLayers.DEFAULTS_RESOURCE));
        Config user = Config.just(ConfigSources.create("""
                mcp:
                  servers:
                    - name: files
                      comand: npx
                      env: {ANY_NAME: "1"}
                      headers_env: {X-Any: SOME_VAR}
                """, MediaTypes.APPLICATION_X_YAML));
        assertThat(dev.tether.configfile.ConfigKeys.of(defaults).unknown(user))
                .containsExactly("unknown key 'mcp.servers.*.comand' (did you mean 'mcp.servers.*.command'?)");
    }
}
