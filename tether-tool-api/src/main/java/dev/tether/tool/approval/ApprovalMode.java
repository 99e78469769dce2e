package dev.tether.tool.approval;

import dev.tether.configfile.ConfigException;
import java.util.Locale;

/** {@code tools.approval}: what happens when a turn that read private data calls a tool that reaches the network. */
public enum ApprovalMode {
    /** The user decides, in the web page or {@code tether chat}; other clients get a refusal. */
    ASK,
    /** The call runs. */
    ALLOW,
    /** The call is refused. */
    DENY;

    public static ApprovalMode parse(String key, String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "must be ask, allow or deny, was '" + value + "'");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
