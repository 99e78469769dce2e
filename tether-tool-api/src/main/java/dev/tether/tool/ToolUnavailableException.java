package dev.tether.tool;

/**
 * Thrown by a tool's constructor when it cannot work in this setup (a missing API key, say): the registry lists the
 * tool as unavailable with this reason instead of stopping start-up.
 */
public class ToolUnavailableException extends RuntimeException {

    public ToolUnavailableException(String reason) {
        super(reason);
    }
}
