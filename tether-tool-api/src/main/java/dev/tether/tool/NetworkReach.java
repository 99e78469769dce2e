package dev.tether.tool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * For a tool whose reach off this machine depends on its settings or on the call, such as {@code mail_draft_reply},
 * which sends mail only when the user set {@code send: true} and the call asks to send. {@link #reachesNetwork()}
 * sets the tool's {@code openWorld} hint (besides {@link ToolInfo#openWorld}); {@link #reachesNetwork(JsonNode)}
 * decides each call for the approval rule ({@link ToolRegistry#sendsOffMachine}).
 */
public interface NetworkReach {

    /** Whether, with its settings, the tool can send anything off this machine at all. */
    boolean reachesNetwork();

    /**
     * Whether a call with these arguments (as the model wrote them, not yet validated) sends data off this machine.
     * When in doubt, say yes: a yes only asks the user.
     */
    default boolean reachesNetwork(JsonNode arguments) {
        return reachesNetwork();
    }
}
