package dev.tether.tool.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.external.ExternalTool;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The information-flow rule, for chat and MCP alike: once a client holds private data (a result of a
 * {@code privateData} tool), a call that sends data off this machine ({@link ToolRegistry#sendsOffMachine}: an
 * {@code openWorld} tool such as {@code weather}, or {@code mail_draft_reply} sending) could carry that data away,
 * so it runs only as {@code tools.approval} says. One gate remembers what one client has read: a chat conversation,
 * or all of this server's MCP clients. It is safe for concurrent calls.
 */
public final class PrivateDataGate {

    /** What may happen to one call. */
    public sealed interface Verdict {
        /** It runs now. */
        record Run() implements Verdict {}

        /**
         * It runs only if the user approves; {@code why} is the question's reason. {@code inChat}: what the gate's
         * consent set ({@link #consentedTo}) takes when the user allows it for the rest of the conversation.
         */
        record Ask(String why, List<String> inChat) implements Verdict {
            public Ask(String why) {
                this(why, List.of());
            }

            public Ask {
                inChat = List.copyOf(inChat);
            }
        }

        /** It does not run; {@code reason} is the sentence the tool result carries. */
        record Refuse(String reason) implements Verdict {}
    }

    private static final Verdict RUN = new Verdict.Run();

    private final ApprovalMode mode;
    private final ToolRegistry tools;
    private final String holder;
    private final String cannotAsk;
    private final Set<String> privateSources = new CopyOnWriteArraySet<>(); // ordered, and calls may be concurrent
    private Set<String> consented = Set.of();

    private PrivateDataGate(ApprovalMode mode, ToolRegistry tools, String holder, String cannotAsk) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.holder = holder;
        this.cannotAsk = cannotAsk;
    }

    /** The gate of one chat conversation, knowing the tools whose results {@code history} already holds. */
    public static PrivateDataGate forConversation(ApprovalMode mode, ToolRegistry tools, List<String> toolsInHistory) {
        PrivateDataGate gate = new PrivateDataGate(
                mode,
                tools,
                "this conversation holds",
                "which this client cannot give (approve in the web page or tether chat, or set tools.approval: allow)");
        toolsInHistory.forEach(gate::noteRan);
        return gate;
    }

    /**
     * The gate of an MCP server: its clients have no identity of their own (one {@code server.api_key}, or none;
     * stdio serves one process), so what any of them read is remembered for the server's lifetime, whatever happens
     * to their sessions. An MCP client cannot answer an approval, so {@code ask} refuses.
     */
    public static PrivateDataGate forMcpClients(ApprovalMode mode, ToolRegistry tools) {
        return new PrivateDataGate(
                mode,
                tools,
                "an MCP client of this server has read",
                "which an MCP client cannot give here (set tools.approval: allow to let it run; what MCP clients "
                        + "have read is remembered until Tether restarts)");
    }

    /**
     * What the user already allowed for this conversation ("Allow in this chat", the keys of {@link Verdict.Ask#inChat}):
     * an external tool's own question ({@code approval: ask}; a destructive tool is asked about all the same), and a
     * tool sending data off this machine while private data is held. The set is read live.
     */
    public PrivateDataGate consentedTo(Set<String> tools) {
        this.consented = Objects.requireNonNull(tools, "tools");
        return this;
    }

    public ApprovalMode mode() {
        return mode;
    }

    /**
     * Decides {@code tool}'s call with {@code arguments}; {@code canAsk}: the client shows the question and answers
     * it. A call that may run is counted as read at once; one that runs after an approval, through {@link #noteRan}.
     */
    public Verdict check(String tool, JsonNode arguments, boolean canAsk) {
        ExternalTool external = tools.external(tool).orElse(null);
        if (external != null && external.approval() == ApprovalMode.DENY) {
            return new Verdict.Refuse("not run: " + tool + " comes from " + external.source() + ", whose tools are"
                    + " refused (" + external.approvalKey() + " is deny)");
        }
        String consent = external == null ? null : consentQuestion(external, consented.contains(tool));
        List<String> held = heldFrom(external);
        boolean carriesPrivateData = mode != ApprovalMode.ALLOW
                && !held.isEmpty()
                && !consented.contains(privateDataConsent(tool))
                && tools.sendsOffMachine(tool, arguments);
        if (!carriesPrivateData && consent == null) {
            noteRan(tool);
            return RUN;
        }
        if (carriesPrivateData && mode == ApprovalMode.DENY) {
            return new Verdict.Refuse("not run: " + privateDataReason(tool, held) + "; tools.approval is deny");
        }
        String why = carriesPrivateData && consent != null
                ? privateDataReason(tool, held) + "; and " + consent
                : carriesPrivateData ? privateDataReason(tool, held) : consent;
        if (!canAsk) {
            return new Verdict.Refuse("not run: " + why + ", so it needs the user's approval, "
                    + (carriesPrivateData
                            ? cannotAsk
                            : "which this client cannot give (set " + external.approvalKey() + ": allow)"));
        }
        List<String> inChat = new java.util.ArrayList<>();
        if (consent != null) {
            inChat.add(tool);
        }
        if (carriesPrivateData) {
            inChat.add(privateDataConsent(tool));
        }
        return new Verdict.Ask(why, inChat);
    }

    /** The consent "allow in this chat" gives {@code tool} to send data off this machine while private data is held. */
    private static String privateDataConsent(String tool) {
        return "private-data:" + tool;
    }

    private String privateDataReason(String tool, List<String> held) {
        return holder + " private data (from " + String.join(", ", held) + ") and " + tool
                + " sends its arguments off this machine";
    }

    /**
     * The tools whose private data a call of {@code external}'s tool could carry away: all that were read, but for
     * those of the same external source, which had that data already.
     */
    private List<String> heldFrom(ExternalTool external) {
        if (external == null) {
            return List.copyOf(privateSources);
        }
        return privateSources.stream()
                .filter(read -> tools.external(read)
                        .map(t -> !t.source().equals(external.source()))
                        .orElse(true))
                .toList();
    }

    /**
     * Why an external tool's call needs the user's consent of its own ({@code approval: ask}), or null. Its hints
     * only add to the question: a destructive tool is asked about at every call.
     */
    private static String consentQuestion(ExternalTool tool, boolean allowedInChat) {
        var hints = tool.spec().hints();
        if (tool.approval() != ApprovalMode.ASK || allowedInChat && !hints.destructive()) {
            return null;
        }
        return tool.spec().name() + " is third-party code from " + tool.source()
                + (hints.destructive() ? ", says it may delete or overwrite data" : "")
                + (hints.openWorld() ? ", may send data off this machine" : "")
                + (hints.privateData() ? ", may read private data" : "");
    }

    /** Remembers that {@code tool} ran, so its results are held from now on if it reads private data. */
    public void noteRan(String tool) {
        if (tools.readsPrivateData(tool)) {
            privateSources.add(tool);
        }
    }
}
