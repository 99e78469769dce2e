package dev.tether.mcp;

import dev.tether.tool.ToolSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Chat's approval rule over MCP, per MCP session: once a session called a tool that reads private data, a tool that
 * reaches the network is refused (an MCP client cannot answer Tether's approval), unless {@code tools.approval} is
 * {@code allow}. At most {@link #MAX_SESSIONS} sessions are remembered, the least recently calling forgotten first.
 */
final class PrivateDataGate {

    static final int MAX_SESSIONS = 4096;

    private final boolean allow;
    private final Function<String, Optional<ToolSpec>> specs;
    private final Map<String, Set<String>> readBySession = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                    return size() > MAX_SESSIONS;
                }
            });

    PrivateDataGate(boolean allow, Function<String, Optional<ToolSpec>> specs) {
        this.allow = allow;
        this.specs = specs;
    }

    /** Empty when {@code tool} may run in {@code session}; otherwise the refusal the result carries. */
    Optional<String> refusal(String session, String tool) {
        Set<String> read = readBySession.computeIfAbsent(String.valueOf(session), s -> ConcurrentHashMap.newKeySet());
        ToolSpec.Hints hints = specs.apply(tool).map(ToolSpec::hints).orElse(null);
        if (hints == null) {
            return Optional.empty();
        }
        if (hints.openWorld() && !read.isEmpty() && !allow) {
            return Optional.of("not run: this session holds private data (from " + String.join(", ", read) + ") and "
                    + tool + " sends its arguments off this machine, so it needs the user's approval, which an MCP "
                    + "client cannot give here (set tools.approval: allow to let it run)");
        }
        if (hints.privateData()) {
            read.add(tool);
        }
        return Optional.empty();
    }
}
