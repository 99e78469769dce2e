package dev.tether.server.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Headers on every response that keep a browser from running or framing anything Tether did not serve itself: a
 * Content-Security-Policy of {@code default-src 'self'} with {@code frame-ancestors 'none'}, {@code nosniff}, no
 * framing, no referrer. A page with inline code (the API docs) sets its own policy with the hashes of that code.
 */
public final class SecurityHeaders implements Filter {

    static final String POLICY =
            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; " + "object-src 'none'";

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header("Content-Security-Policy", POLICY);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("X-Frame-Options", "DENY");
        res.header("Referrer-Policy", "no-referrer");
        chain.proceed();
    }

    /** {@link #POLICY} that also allows the inline script and style with these hashes ({@code 'sha256-…'}). */
    public static String policyWithInline(String scriptHash, String styleHash) {
        return POLICY + "; script-src 'self' '" + scriptHash + "'; style-src 'self' '" + styleHash + "'";
    }
}
