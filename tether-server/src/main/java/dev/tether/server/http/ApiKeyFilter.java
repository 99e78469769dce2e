package dev.tether.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.BiPredicate;

/**
 * With {@code server.api_key} set, every route but {@code /healthz} and the web page's static files needs
 * {@code Authorization: Bearer <key>} or {@code x-api-key: <key>} (Anthropic's clients); the page asks the user for the key when the API answers 401.
 */
public final class ApiKeyFilter implements Filter {

    private static final String BEARER = "Bearer ";
    /** How Anthropic's clients send the key. */
    private static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");

    private final byte[] key;
    private final BiPredicate<Method, String> open;

    /** {@code open} says which requests (method, raw path) need no key. */
    public ApiKeyFilter(String key, BiPredicate<Method, String> open) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.open = open;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().rawPath();
        if (open.test(req.prologue().method(), path)
                || authorized(req.headers().first(HeaderNames.AUTHORIZATION).orElse(""))
                || matches(req.headers().first(X_API_KEY).orElse(null))) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        Errors.send(
                res,
                Status.UNAUTHORIZED_401,
                "unauthorized",
                "this server needs an API key: send Authorization: Bearer <key>");
    }

    private boolean authorized(String header) {
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return matches(header.substring(BEARER.length()));
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(given.strip().getBytes(StandardCharsets.UTF_8), key);
    }
}
