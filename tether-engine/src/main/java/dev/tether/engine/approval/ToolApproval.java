package dev.tether.engine.approval;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The information-flow rule: once a conversation holds private data (a result of a {@code privateData} tool), a
 * call to a tool that reaches the network ({@code openWorld}) could carry that data off the machine, so it runs
 * only as {@code tools.approval} says. A prompt-injected file telling the model to put a secret into
 * {@code weather} is stopped here.
 */
public final class ToolApproval {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final ApprovalMode mode;
    private final Duration timeout;
    private final PendingApprovals pending = new PendingApprovals();

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
    public Gate gate(UUID session, List<Message> history, Function<String, Optional<ToolSpec>> specs,
                     boolean interactive) {
        Gate gate = new Gate(session, specs, interactive);
        history.stream().filter(m -> m.role() == Role.TOOL && m.name() != null).forEach(m -> gate.note(m.name()));
        return gate;
    }

    /** Decides each tool call of one turn, remembering the private tools called so far. */
    public final class Gate {
        private final UUID session;
        private final Function<String, Optional<ToolSpec>> specs;
        private final boolean interactive;
        private final Set<String> privateSources = new CopyOnWriteArraySet<>(); // calls may come concurrently (MCP)

        private Gate(UUID session, Function<String, Optional<ToolSpec>> specs, boolean interactive) {
            this.session = session;
            this.specs = specs;
            this.interactive = interactive;
        }

        /**
         * Empty when {@code call} may run now (after asking the user through {@code emit} and waiting, in
         * {@code ask} mode); otherwise the sentence the tool result carries instead.
         */
        public Optional<String> refusal(ToolCall call, Cancellation cancel, Consumer<ChatEvent> emit) {
            boolean network = specs.apply(call.name()).map(s -> s.hints().openWorld()).orElse(false);
            if (!network || privateSources.isEmpty() || mode == ApprovalMode.ALLOW) {
                note(call.name());
                return Optional.empty();
            }
            String why = "this conversation holds private data (from " + String.join(", ", privateSources) + ") and "
                    + call.name() + " sends its arguments off this machine";
            if (mode == ApprovalMode.DENY) {
                return Optional.of("not run: " + why + "; tools.approval is deny");
            }
            if (!interactive) {
                return Optional.of("not run: " + why + ", so it needs the user's approval, which this client cannot "
                        + "give (approve in the web page or tether chat, or set tools.approval: allow)");
            }
            var decision = pending.await(session, call.id(), timeout, cancel,
                    () -> emit.accept(new ChatEvent.ToolApprovalEvent(call.id(), call.name(), call.arguments(), why)));
            return switch (decision) {
                case APPROVED -> Optional.empty();
                case DENIED -> Optional.of("not run: the user did not allow " + call.name()
                        + " to send data off this machine");
                case TIMED_OUT -> Optional.of("not run: no approval came within " + timeout.toSeconds() + " s");
                case CANCELLED -> Optional.of("cancelled");
            };
        }

        private void note(String toolName) {
            if (specs.apply(toolName).map(s -> s.hints().privateData()).orElse(false)) {
                privateSources.add(toolName);
            }
        }
    }
}
