package dev.tether.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the MCP HTTP endpoints guard and keep their sessions.
 *
 * @param allowedOrigins     browser origins accepted besides loopback ones ({@code http://host:port}, or
 *                           {@code http://host:*} for any port)
 * @param allowedHosts       {@code Host} header values accepted besides loopback ones ({@code host:port} or
 *                           {@code host:*})
 * @param apiKey             when present, every request needs {@code Authorization: Bearer <key>}
 * @param maxBodyBytes       largest POST body accepted (413 beyond)
 * @param sessionIdleTimeout a session with no request and no open stream for this long is closed
 * @param keepAlive          how often an idle SSE stream gets a comment line; a client that is gone is noticed then
 * @param maxSessions        live sessions per transport; at the cap a new one replaces the longest idle one, and is
 *                           refused (503, a JSON-RPC error) when every session is busy
 * @param allowNetworkAfterPrivateData {@code tools.approval: allow}: a network tool may run in a session that read
 *                           private data; otherwise it is refused (MCP clients cannot answer Tether's approvals)
 */
public record McpHttpSettings(
        List<String> allowedOrigins,
        List<String> allowedHosts,
        Optional<String> apiKey,
        long maxBodyBytes,
        Duration sessionIdleTimeout,
        Duration keepAlive,
        int maxSessions,
        boolean allowNetworkAfterPrivateData) {

    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
    public static final long DEFAULT_MAX_BODY_BYTES = 1_048_576;

    public static final int DEFAULT_MAX_SESSIONS = 100;

    public McpHttpSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
        apiKey = Objects.requireNonNull(apiKey, "apiKey").filter(key -> !key.isBlank());
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        requirePositive(sessionIdleTimeout, "sessionIdleTimeout");
        requirePositive(keepAlive, "keepAlive");
        if (maxSessions <= 0) {
            throw new IllegalArgumentException("maxSessions must be positive, was " + maxSessions);
        }
    }

    /** Loopback only, no key, default limits, network tools refused after private data. */
    public static McpHttpSettings defaults() {
        return new McpHttpSettings(
                List.of(),
                List.of(),
                Optional.empty(),
                DEFAULT_MAX_BODY_BYTES,
                DEFAULT_SESSION_IDLE_TIMEOUT,
                DEFAULT_KEEP_ALIVE,
                DEFAULT_MAX_SESSIONS,
                false);
    }

    /**
     * For a server bound to {@code bindHost}: the CORS origins it allows (their hosts become allowed {@code Host}
     * values too, beside the bind host), its API key (blank for none) and its body limit.
     */
    public static McpHttpSettings forServer(
            String bindHost,
            List<String> corsAllowedOrigins,
            String apiKey,
            long maxBodyBytes,
            Duration sessionIdleTimeout) {
        List<String> hosts = new ArrayList<>();
        if (!isWildcard(bindHost)) {
            hosts.add(hostPattern(bindHost));
        }
        corsAllowedOrigins.forEach(origin -> hostOf(origin).ifPresent(hosts::add));
        return new McpHttpSettings(
                corsAllowedOrigins,
                hosts,
                Optional.ofNullable(apiKey),
                maxBodyBytes,
                sessionIdleTimeout,
                DEFAULT_KEEP_ALIVE,
                DEFAULT_MAX_SESSIONS,
                false);
    }

    public McpHttpSettings withApiKey(String key) {
        return with(copy -> copy.apiKey = Optional.of(key));
    }

    public McpHttpSettings withMaxBodyBytes(long bytes) {
        return with(copy -> copy.maxBodyBytes = bytes);
    }

    public McpHttpSettings withSessionIdleTimeout(Duration timeout) {
        return with(copy -> copy.sessionIdleTimeout = timeout);
    }

    public McpHttpSettings withKeepAlive(Duration interval) {
        return with(copy -> copy.keepAlive = interval);
    }

    public McpHttpSettings withAllowedOrigins(List<String> origins) {
        return with(copy -> copy.allowedOrigins = origins);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static boolean isWildcard(String host) {
        return host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static String hostPattern(String host) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":*";
    }

    private static Optional<String> hostOf(String origin) {
        try {
            URI uri = URI.create(origin.endsWith(":*") ? origin.substring(0, origin.length() - 2) : origin);
            return Optional.ofNullable(uri.getHost()).map(h -> h + ":*");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** These settings with more {@code Host} names allowed ({@code server.allowed_hosts}: a name or name:port). */
    public McpHttpSettings withAllowedHosts(List<String> names) {
        List<String> hosts = new ArrayList<>(allowedHosts);
        names.forEach(host -> hosts.add(host.contains(":") ? host : host + ":*"));
        return with(copy -> copy.allowedHosts = hosts);
    }

    public McpHttpSettings withMaxSessions(int sessions) {
        return with(copy -> copy.maxSessions = sessions);
    }

    public McpHttpSettings withNetworkAfterPrivateData(boolean allow) {
        return with(copy -> copy.allowNetworkAfterPrivateData = allow);
    }

    /** These settings with what {@code change} sets on a copy of their values; the record checks the result. */
    private McpHttpSettings with(Consumer<Values> change) {
        Values copy = new Values(this);
        change.accept(copy);
        return copy.settings();
    }

    /** The settings as fields a wither sets on a copy; {@link #settings()} makes the (checked) record again. */
    private static final class Values {
        List<String> allowedOrigins;
        List<String> allowedHosts;
        Optional<String> apiKey;
        long maxBodyBytes;
        Duration sessionIdleTimeout;
        Duration keepAlive;
        int maxSessions;
        boolean allowNetworkAfterPrivateData;

        Values(McpHttpSettings settings) {
            allowedOrigins = settings.allowedOrigins;
            allowedHosts = settings.allowedHosts;
            apiKey = settings.apiKey;
            maxBodyBytes = settings.maxBodyBytes;
            sessionIdleTimeout = settings.sessionIdleTimeout;
            keepAlive = settings.keepAlive;
            maxSessions = settings.maxSessions;
            allowNetworkAfterPrivateData = settings.allowNetworkAfterPrivateData;
        }

        McpHttpSettings settings() {
            return new McpHttpSettings(
                    allowedOrigins,
                    allowedHosts,
                    apiKey,
                    maxBodyBytes,
                    sessionIdleTimeout,
                    keepAlive,
                    maxSessions,
                    allowNetworkAfterPrivateData);
        }
    }
}
