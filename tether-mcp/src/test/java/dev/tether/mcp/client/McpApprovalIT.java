package dev.tether.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.approval.ApprovalMode;
import dev.tether.tool.approval.PrivateDataGate;
import dev.tether.tool.approval.PrivateDataGate.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP servers' tools under the approval rule: server-filesystem (whose write_file says it is destructive) and
 * server-everything, with each server's {@code approval} setting and the private-data rule of {@code tools.approval}.
 */
class McpApprovalIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String filesystem(Path root, String approval) {
        return "- name: files\n  command: node\n  args: [\"" + TestServers.script("server-filesystem") + "\", \"" + root
                + "\"]\n  approval: " + approval + "\n";
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text);
    }

    @Test
    void byDefaultEveryCallAsksAndAClientThatCannotAskIsRefusedWithTheSettingToChange(@TempDir Path dir)
            throws Exception {
        Path root = Files.createDirectories(dir.resolve("notes")).toRealPath();
        try (ToolRegistry tools =
                TestServers.registry(dir, filesystem(root, "ask") + TestServers.everythingStdio("ev"))) {
            PrivateDataGate gate = PrivateDataGate.forConversation(ApprovalMode.ASK, tools, List.of());
            Verdict ask = gate.check("ev__echo", message("hi"), true);
            assertThat(ask).isInstanceOf(Verdict.Ask.class);
            assertThat(((Verdict.Ask) ask).why())
                    .contains("third-party code from mcp:ev")
                    .doesNotContain("delete or overwrite");
            Verdict write = gate.check("files__write_file", JSON.createObjectNode(), true);
            assertThat(((Verdict.Ask) write).why()).contains("mcp:files").contains("may delete or overwrite data");
            Verdict refused = gate.check("ev__echo", message("hi"), false);
            assertThat(refused).isInstanceOf(Verdict.Refuse.class);
            assertThat(((Verdict.Refuse) refused).reason())
                    .contains("needs the user's approval")
                    .contains("set mcp.servers[1].approval: allow");
            // the MCP path cannot ask either: the same refusal
            Verdict mcp =
                    PrivateDataGate.forMcpClients(ApprovalMode.ALLOW, tools).check("ev__echo", message("x"), false);
            assertThat(mcp).isInstanceOf(Verdict.Refuse.class);
        }
    }

    @Test
    void allowRunsUntilPrivateDataWasReadAndDenyRefusesWithItsKey(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("notes")).toRealPath();
        Files.writeString(root.resolve("secret.txt"), "the vault code is 4711");
        // the filesystem server is local; echo reads nothing private: both said in the configuration
        String yaml = filesystem(root, "allow") + "  reaches_network: false\n"
                + TestServers.everythingStdio("ev", "approval: allow", "reads_private_data: false")
                + TestServers.everythingStdio("blocked", "approval: deny");
        try (ToolRegistry tools = TestServers.registry(dir, yaml)) {
            PrivateDataGate gate = PrivateDataGate.forConversation(ApprovalMode.ASK, tools, List.of());
            assertThat(gate.check("ev__echo", message("hi"), false)).isInstanceOf(Verdict.Run.class);

            ObjectNode read = JSON.createObjectNode()
                    .put("path", root.resolve("secret.txt").toString());
            assertThat(gate.check("files__read_text_file", read, false)).isInstanceOf(Verdict.Run.class);
            assertThat(tools.invoke("files__read_text_file", read)
                            .result()
                            .path("text")
                            .asText())
                    .contains("4711");
            // the conversation now holds private data, and an MCP server's tools reach the network by default
            Verdict after = gate.check("ev__echo", message("4711"), false);
            assertThat(after).isInstanceOf(Verdict.Refuse.class);
            assertThat(((Verdict.Refuse) after).reason()).contains("private data (from files__read_text_file)");

            Verdict denied = gate.check("blocked__echo", message("x"), true);
            assertThat(((Verdict.Refuse) denied).reason()).contains("mcp.servers[2].approval is deny");
        }
    }

    @Test
    void aServersOwnPrivateDataMayGoBackToItButNotToAnotherServer(@TempDir Path dir) {
        String yaml = TestServers.everythingStdio("one", "approval: allow")
                + TestServers.everythingStdio("two", "approval: allow");
        try (ToolRegistry tools = TestServers.registry(dir, yaml)) {
            PrivateDataGate gate = PrivateDataGate.forConversation(ApprovalMode.ASK, tools, List.of("one__echo"));
            assertThat(gate.check(
                            "one__get-sum", JSON.createObjectNode().put("a", 1).put("b", 2), false))
                    .isInstanceOf(Verdict.Run.class);
            Verdict other = gate.check("two__echo", message("x"), false);
            assertThat(((Verdict.Refuse) other).reason()).contains("private data (from one__echo");
        }
    }
}
