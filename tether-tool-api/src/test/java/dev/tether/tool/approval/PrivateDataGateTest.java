package dev.tether.tool.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.configfile.ConfigException;
import dev.tether.tool.NetworkReach;
import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.approval.PrivateDataGate.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The information-flow rule, once for chat and MCP: which calls run, which ask, which are refused. */
class PrivateDataGateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ToolInfo(name = "diary", privateData = true, description = "Reads the diary.")
    public static final class Diary {
        public String run() {
            return "the code is 4711";
        }
    }

    @ToolInfo(name = "post", openWorld = true, description = "Posts a text.")
    public static final class Post {
        public String run(@Param(description = "text") String text) {
            return "posted";
        }
    }

    @ToolInfo(name = "clock", description = "The time.")
    public static final class Clock {
        public String run() {
            return "noon";
        }
    }

    /** Sends only when its settings allow sending and the call asks to, like mail_draft_reply. */
    @ToolInfo(name = "reply", privateData = true, readOnly = false, description = "Drafts or sends a reply.")
    public static final class Reply implements NetworkReach {
        private final boolean sendingEnabled;

        Reply(boolean sendingEnabled) {
            this.sendingEnabled = sendingEnabled;
        }

        public String run(@Param(description = "send it", defaultValue = "false") boolean send) {
            return send ? "sent" : "saved";
        }

        @Override
        public boolean reachesNetwork() {
            return sendingEnabled;
        }

        @Override
        public boolean reachesNetwork(JsonNode arguments) {
            JsonNode send = arguments.path("send");
            return sendingEnabled && !(send.isMissingNode() || send.isNull() || send.isBoolean() && !send.asBoolean());
        }
    }

    private final ToolRegistry tools = ToolRegistry.builder()
            .add("diary", new Diary())
            .add("post", new Post())
            .add("clock", new Clock())
            .add("reply", new Reply(true))
            .build();

    @AfterEach
    void close() {
        tools.close();
    }

    @Test
    void aNetworkToolRunsFreelyUntilPrivateDataIsRead() {
        PrivateDataGate gate = PrivateDataGate.forConversation(ApprovalMode.ASK, tools, List.of());
        assertThat(gate.check("post", args(), false)).isInstanceOf(Verdict.Run.class);
        assertThat(gate.check("clock", args(), false)).isInstanceOf(Verdict.Run.class);
        assertThat(gate.check("diary", args(), false)).isInstanceOf(Verdict.Run.class);
        assertThat(gate.check("clock", args(), false)).isInstanceOf(Verdict.Run.class);
        assertThat(gate.check("post", args(), false))
                .isInstanceOfSatisfying(
                        Verdict.Refuse.class,
                        refused -> assertThat(refused.reason())
                                .contains("needs the user's approval")
                                .contains("diary")
                                .contains("this conversation holds private data"));
        assertThat(gate.check("post", args(), true))
                .isInstanceOfSatisfying(
                        Verdict.Ask.class,
                        ask -> assertThat(ask.why())
                                .isEqualTo("this conversation holds private data (from diary) and post sends its "
                                        + "arguments off this machine"));
    }

    @Test
    void privateDataReadInAnEarlierTurnCounts() {
        PrivateDataGate gate = PrivateDataGate.forConversation(ApprovalMode.ASK, tools, List.of("clock", "diary"));
        assertThat(gate.check("post", args(), true)).isInstanceOf(Verdict.Ask.class);
        PrivateDataGate clean = PrivateDataGate.forConversation(ApprovalMode.ASK, tools, List.of("clock", "gone"));
        assertThat(clean.check("post", args(), true)).isInstanceOf(Verdict.Run.class);
    }

    @Test
    void allowRunsAndDenyRefusesWithoutAsking() {
        assertThat(tainted(ApprovalMode.ALLOW).check("post", args(), true)).isInstanceOf(Verdict.Run.class);
        assertThat(tainted(ApprovalMode.DENY).check("post", args(), true))
                .isInstanceOfSatisfying(
                        Verdict.Refuse.class,
                        refused -> assertThat(refused.reason()).contains("tools.approval is deny"));
    }

    @Test
    void aToolThatSendsOnlySometimesIsANetworkToolForTheCallsThatSend() {
        assertThat(tools.spec("reply").orElseThrow().hints().openWorld())
                .as("its openWorld hint")
                .isTrue();
        PrivateDataGate gate = tainted(ApprovalMode.ASK);
        assertThat(gate.check("reply", args(), true)).as("a draft").isInstanceOf(Verdict.Run.class);
        assertThat(gate.check("reply", args().put("send", false), true)).isInstanceOf(Verdict.Run.class);
        assertThat(gate.check("reply", args().put("send", true), true)).isInstanceOf(Verdict.Ask.class);
        assertThat(gate.check("reply", args().put("send", "yes"), true))
                .as("unclear counts as sending")
                .isInstanceOf(Verdict.Ask.class);
        try (ToolRegistry off = ToolRegistry.builder()
                .add("diary", new Diary())
                .add("reply", new Reply(false))
                .build()) {
            assertThat(off.spec("reply").orElseThrow().hints().openWorld()).isFalse();
            PrivateDataGate sendingOff = PrivateDataGate.forConversation(ApprovalMode.ASK, off, List.of("diary"));
            assertThat(sendingOff.check("reply", args().put("send", true), true))
                    .isInstanceOf(Verdict.Run.class);
        }
    }

    @Test
    void theMcpGateRefusesWhatChatWouldAskAndSaysHowLongItRemembers() {
        PrivateDataGate gate = PrivateDataGate.forMcpClients(ApprovalMode.ASK, tools);
        assertThat(gate.check("diary", args(), false)).isInstanceOf(Verdict.Run.class);
        assertThat(gate.check("post", args(), false))
                .isInstanceOfSatisfying(
                        Verdict.Refuse.class,
                        refused -> assertThat(refused.reason())
                                .contains("an MCP client of this server has read private data (from diary)")
                                .contains("until Tether restarts"));
        assertThat(gate.check("unknown_tool", args(), false)).isInstanceOf(Verdict.Run.class);
    }

    @Test
    void aCallRunAfterApprovalIsRemembered() {
        PrivateDataGate gate = tainted(ApprovalMode.ASK);
        assertThat(gate.check("reply", args().put("send", true), true)).isInstanceOf(Verdict.Ask.class);
        gate.noteRan("reply");
        assertThat(gate.check("post", args(), true))
                .isInstanceOfSatisfying(
                        Verdict.Ask.class, ask -> assertThat(ask.why()).contains("(from diary, reply)"));
    }

    @Test
    void allowingANetworkToolInThisChatStopsItsPrivateDataQuestionThereOnly() {
        Set<String> allowed = new java.util.HashSet<>();
        PrivateDataGate gate = tainted(ApprovalMode.ASK).consentedTo(allowed);
        Verdict asked = gate.check("post", args(), true);
        assertThat(asked)
                .isInstanceOfSatisfying(
                        Verdict.Ask.class, ask -> assertThat(ask.inChat()).containsExactly("private-data:post"));
        allowed.addAll(((Verdict.Ask) asked).inChat());

        assertThat(gate.check("post", args(), true)).isInstanceOf(Verdict.Run.class);
        assertThat(gate.check("reply", args().put("send", true), true)).isInstanceOf(Verdict.Ask.class);
        assertThat(tainted(ApprovalMode.ASK).check("post", args(), true))
                .as("another conversation")
                .isInstanceOf(Verdict.Ask.class);
    }

    @Test
    void theModeIsParsedFromConfiguration() {
        assertThat(ApprovalMode.parse("tools.approval", " Deny ")).isEqualTo(ApprovalMode.DENY);
        assertThatThrownBy(() -> ApprovalMode.parse("tools.approval", "maybe"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tools.approval");
    }

    private PrivateDataGate tainted(ApprovalMode mode) {
        return PrivateDataGate.forConversation(mode, tools, List.of("diary"));
    }

    private static ObjectNode args() {
        return JSON.createObjectNode();
    }
}
