package dev.tether.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Browser requests: a request with an {@code Origin} is served only when that origin is the server's own (reached by
 * a loopback or the configured host name, which keeps DNS-rebinding pages out) or is listed in
 * {@code server.cors.allowed_origins}; others get 403. Preflight {@code OPTIONS} requests are answered here.
 */
public final class Cors implements Filter {

    private static final String ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, Accept, Last-Event-ID, " + "Mcp-Session-Id, Mcp-Protocol-Version";

    private final Set<String> allowedOrigins;
    private final Set<String> ownHosts;

    public Cors(List<String> allowedOrigins, String configuredHost) {
        this.allowedOrigins =
                Set.copyOf(allowedOrigins.stream().map(Cors::normalize).toList());
        this.ownHosts =
                new HashSet<>(List.of("localhost", "127.0.0.1", "[::1]", configuredHost.toLowerCase(Locale.ROOT)));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null) {
            chain.proceed();
            return;
        }
        boolean listed = allowedOrigins.contains(normalize(origin));
        if (!listed && !sameOrigin(origin, req.headers().first(HeaderNames.HOST).orElse(""))) {
            Errors.send(
                    res,
                    Status.FORBIDDEN_403,
                    "origin_not_allowed",
                    "origin " + origin + " is not allowed; add it to server.cors.allowed_origins");
            return;
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        res.header(HeaderNames.VARY, "Origin");
        if (req.prologue().method() == Method.OPTIONS
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Mcp-Session-Id");
        chain.proceed();
    }

    private boolean sameOrigin(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            if (authority == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return false;
            }
            String hostName = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (hostName.contains(":") && !hostName.startsWith("[")) {
                hostName = "[" + hostName + "]";
            }
            return authority.equalsIgnoreCase(host) && ownHosts.contains(hostName);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
