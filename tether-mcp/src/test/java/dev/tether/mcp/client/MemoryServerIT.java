package dev.tether.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tether's MCP client against the reference knowledge-graph server from npm (server-memory) over stdio: a server
 * with state, whose tools take nested arrays of objects, and whose file is written where its config says.
 */
class MemoryServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whatOneCallStoresTheNextCallReadsAndTheServerKeepsItInItsFile(@TempDir Path dir) throws Exception {
        Path memory = dir.resolve("memory.jsonl");
        String yaml = "- name: memory\n  command: node\n  args: [\"" + TestServers.script("server-memory") + "\"]\n"
                + "  env: { MEMORY_FILE_PATH: \"" + memory.toString().replace("\\", "/") + "\" }\n";
        try (ToolRegistry tools = TestServers.registry(dir, yaml)) {
            assertThat(tools.specs().stream().map(ToolSpec::name))
                    .contains("memory__create_entities", "memory__read_graph", "memory__search_nodes");

            ObjectNode create = JSON.createObjectNode();
            ObjectNode entity =
                    create.putArray("entities").addObject().put("name", "Ada").put("entityType", "person");
            entity.putArray("observations").add("prefers tea").add("lives in Lisbon");
            ToolOutcome created = tools.invoke("memory__create_entities", create);
            assertThat(created.error()).as(String.valueOf(created.error())).isNull();

            ToolOutcome found =
                    tools.invoke("memory__search_nodes", JSON.createObjectNode().put("query", "Lisbon"));
            assertThat(found.error()).isNull();
            assertThat(found.result().toString()).contains("Ada").contains("prefers tea");

            ToolOutcome graph = tools.invoke("memory__read_graph", JSON.createObjectNode());
            assertThat(graph.result().toString()).contains("Ada");
        }
        assertThat(Files.readString(memory)).contains("\"Ada\"").contains("lives in Lisbon");
    }
}
