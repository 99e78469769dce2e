package dev.tether.engine.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.approval.ApprovalMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Chat's side of the information-flow rule, without a server: which calls run, which wait for the user, which are
 * refused (the rule itself: {@code PrivateDataGateTest} in tether-tool-api).
 */
class ToolApprovalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID SESSION = UUID.randomUUID();

    @ToolInfo(name = "read_file", privateData = true, description = "Reads a file.")
    public static final class ReadFile {
        public String run() {
            return "secret";
        }
    }

    @ToolInfo(name = "weather", openWorld = true, description = "The weather.")
    public static final class Weather {
        public String run(@Param(description = "where") String location) {
            return "sunny";
        }
    }

    @ToolInfo(name = "get_current_time", description = "The time.")
    public static final class Clock {
        public String run() {
            return "noon";
        }
    }

    private static final ToolRegistry TOOLS = ToolRegistry.builder()
            .add("read_file", new ReadFile())
            .add("weather", new Weather())
            .add("get_current_time", new Clock())
            .build();

    private final List<ChatEvent> events = new CopyOnWriteArrayList<>();
    private final Cancellation cancel = new Cancellation();

    @Test
    void aNetworkToolRunsFreelyUntilPrivateDataIsRead() {
        ToolApproval.Gate gate =
                new ToolApproval(ApprovalMode.ASK, Duration.ofSeconds(5)).gate(SESSION, List.of(), TOOLS, false);
        assertThat(gate.refusal(call("weather"), cancel, events::add)).isEmpty();
        assertThat(gate.refusal(call("get_current_time"), cancel, events::add)).isEmpty();
        assertThat(gate.refusal(call("read_file"), cancel, events::add)).isEmpty();
        assertThat(gate.refusal(call("get_current_time"), cancel, events::add)).isEmpty();
        assertThat(gate.refusal(call("weather"), cancel, events::add))
                .hasValueSatisfying(refusal -> assertThat(refusal)
                        .contains("needs the user's approval")
                        .contains("read_file"));
        assertThat(events).isEmpty();
    }

    @Test
    void privateDataReadInAnEarlierTurnCounts() {
        List<Message> history = List.of(Message.user("read it"), Message.tool("call_1", "read_file", "secret"));
        ToolApproval.Gate gate =
                new ToolApproval(ApprovalMode.ASK, Duration.ofSeconds(5)).gate(SESSION, history, TOOLS, false);
        assertThat(gate.refusal(call("weather"), cancel, events::add)).isPresent();
    }

    @Test
    void allowRunsAndDenyRefusesWithoutAsking() {
        assertThat(tainted(ApprovalMode.ALLOW, true).refusal(call("weather"), cancel, events::add))
                .isEmpty();
        assertThat(tainted(ApprovalMode.DENY, true).refusal(call("weather"), cancel, events::add))
                .hasValueSatisfying(refusal -> assertThat(refusal).contains("tools.approval is deny"));
        assertThat(events).isEmpty();
    }

    @Test
    void anInteractiveClientIsAskedAndItsAnswerDecides() throws Exception {
        ToolApproval approval = new ToolApproval(ApprovalMode.ASK, Duration.ofSeconds(30));
        for (boolean approve : List.of(true, false)) {
            events.clear();
            ToolApproval.Gate gate = approval.gate(SESSION, List.of(Message.tool("c", "read_file", "x")), TOOLS, true);
            ToolCall call = call("weather");
            CompletableFuture<Optional<String>> outcome =
                    CompletableFuture.supplyAsync(() -> gate.refusal(call, cancel, events::add));
            awaitAsked(approval);
            ChatEvent.ToolApprovalEvent asked = (ChatEvent.ToolApprovalEvent) events.getFirst();
            assertThat(asked.id()).isEqualTo(call.id());
            assertThat(asked.arguments().path("location").asText()).isEqualTo("Berlin SECRET");
            assertThat(approval.pending().decide(UUID.randomUUID(), call.id(), approve))
                    .as("other session")
                    .isFalse();
            assertThat(approval.pending().decide(SESSION, call.id(), approve)).isTrue();
            Optional<String> refusal = outcome.get(10, TimeUnit.SECONDS);
            assertThat(refusal.isEmpty()).isEqualTo(approve);
            assertThat(approval.pending().size()).isZero();
            assertThat(approval.pending().decide(SESSION, call.id(), approve))
                    .as("answered twice")
                    .isFalse();
        }
    }

    @Test
    void noAnswerInTimeAndACancelBothRefuse() throws Exception {
        ToolApproval quick = new ToolApproval(ApprovalMode.ASK, Duration.ofMillis(50));
        assertThat(taintedGate(quick, true).refusal(call("weather"), cancel, events::add))
                .hasValueSatisfying(refusal -> assertThat(refusal).contains("no approval came within"));

        ToolApproval slow = new ToolApproval(ApprovalMode.ASK, Duration.ofMinutes(5));
        CompletableFuture<Optional<String>> outcome = CompletableFuture.supplyAsync(
                () -> taintedGate(slow, true).refusal(call("weather"), cancel, events::add));
        awaitAsked(slow);
        cancel.cancel();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).contains("cancelled");
        assertThat(slow.pending().size()).isZero();
    }

    /** Until the call waits and its question was sent. */
    private void awaitAsked(ToolApproval approval) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (approval.pending().size() == 0 || events.isEmpty()) {
            assertThat(System.nanoTime()).as("the call never waited").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static ToolApproval.Gate tainted(ApprovalMode mode, boolean interactive) {
        return taintedGate(new ToolApproval(mode, Duration.ofSeconds(5)), interactive);
    }

    private static ToolApproval.Gate taintedGate(ToolApproval approval, boolean interactive) {
        return approval.gate(SESSION, List.of(Message.tool("c", "read_file", "x")), TOOLS, interactive);
    }

    private static ToolCall call(String name) {
        return new ToolCall(
                "call_" + UUID.randomUUID(), name, JSON.createObjectNode().put("location", "Berlin SECRET"));
    }
}
