package dev.tether.engine.approval;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.approval.ApprovalMode;
import dev.tether.tool.approval.PrivateDataGate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Chat's side of the approval rule ({@link PrivateDataGate}, shared with MCP): the policy, and the calls waiting for
 * the user's answer. A prompt-injected file telling the model to put a secret into {@code weather} is stopped here.
 */
public final class ToolApproval {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final ApprovalMode mode;
    private final Duration timeout;
    private final PendingApprovals pending = new PendingApprovals();
    /** Per conversation, what the user allowed "in this chat" (kept until Tether restarts; see consentedTo). */
    private final Map<UUID, Set<String>> allowedInChat = new ConcurrentHashMap<>();

    public ToolApproval(ApprovalMode mode, Duration timeout) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** {@code ask}, waiting five minutes for an answer. */
    public static ToolApproval defaults() {
        return new ToolApproval(ApprovalMode.ASK, DEFAULT_TIMEOUT);
    }

    public ApprovalMode mode() {
        return mode;
    }

    /** The calls waiting for an answer; the approval endpoint answers them. */
    public PendingApprovals pending() {
        return pending;
    }

    /**
     * The gate of one turn. {@code history} is what the model sees so far (private data read in earlier turns
     * counts); {@code interactive} says the client shows {@code tool_approval} events and answers them.
     */
    public Gate gate(UUID session, List<Message> history, ToolRegistry tools, boolean interactive) {
        List<String> ran = history.stream()
                .filter(m -> m.role() == Role.TOOL && m.name() != null)
                .map(Message::name)
                .toList();
        Set<String> allowed = allowedInChat.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet());
        return new Gate(
                session, PrivateDataGate.forConversation(mode, tools, ran).consentedTo(allowed), allowed, interactive);
    }

    /** Decides each tool call of one turn by {@link PrivateDataGate}'s rule, asking the user where it says so. */
    public final class Gate {
        private final UUID session;
        private final PrivateDataGate rule;
        private final Set<String> allowedInChat;
        private final boolean interactive;

        private Gate(UUID session, PrivateDataGate rule, Set<String> allowedInChat, boolean interactive) {
            this.session = session;
            this.rule = rule;
            this.allowedInChat = allowedInChat;
            this.interactive = interactive;
        }

        /**
         * Empty when {@code call} may run now (after asking the user through {@code emit} and waiting, in
         * {@code ask} mode); otherwise the sentence the tool result carries instead.
         */
        public Optional<String> refusal(ToolCall call, Cancellation cancel, Consumer<ChatEvent> emit) {
            return switch (rule.check(call.name(), call.arguments(), interactive)) {
                case PrivateDataGate.Verdict.Run run -> Optional.empty();
                case PrivateDataGate.Verdict.Refuse refuse -> Optional.of(refuse.reason());
                case PrivateDataGate.Verdict.Ask ask -> asked(call, ask, cancel, emit);
            };
        }

        private Optional<String> asked(
                ToolCall call, PrivateDataGate.Verdict.Ask ask, Cancellation cancel, Consumer<ChatEvent> emit) {
            var decision = pending.await(
                    session,
                    call.id(),
                    timeout,
                    cancel,
                    () -> emit.accept(
                            new ChatEvent.ToolApprovalEvent(call.id(), call.name(), call.arguments(), ask.why())));
            return switch (decision) {
                case APPROVED -> {
                    rule.noteRan(call.name());
                    yield Optional.empty();
                }
                case APPROVED_IN_CHAT -> {
                    allowedInChat.addAll(ask.inChat());
                    rule.noteRan(call.name());
                    yield Optional.empty();
                }
                case DENIED ->
                    Optional.of("not run: the user did not allow " + call.name() + " to send data off this machine");
                case TIMED_OUT -> Optional.of("not run: no approval came within " + timeout.toSeconds() + " s");
                case CANCELLED -> Optional.of("cancelled");
            };
        }
    }
}
