package dev.tether.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses (421, JSON) every request whose {@code Host} is a name other than {@code localhost} (and
 * {@code *.localhost}), the bound host and {@code server.allowed_hosts}; addresses are accepted as they are. A page on an attacker's domain that rebinds its DNS to 127.0.0.1
 * sends its own domain as {@code Host} and carries no {@code Origin} on same-origin GETs, so only this check keeps
 * it from reading the API.
 */
public final class HostCheck implements Filter {

    private final Set<String> allowed = new HashSet<>(List.of("localhost"));

    public HostCheck(String boundHost, List<String> allowedHosts) {
        allowed.add(bare(boundHost));
        allowedHosts.forEach(host -> allowed.add(bare(host)));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> host = req.headers().first(HeaderNames.HOST);
        if (host.isEmpty() || allows(host.get())) {
            chain.proceed();
            return;
        }
        Errors.send(
                res,
                Status.MISDIRECTED_REQUEST_421,
                "host_not_allowed",
                "Host " + shown(host.get())
                        + " is not this server's; add it to server.allowed_hosts to serve it under that name");
    }

    /** The header as the error message quotes it: short, printable ASCII only. */
    private static String shown(String host) {
        String clipped = host.length() > 100 ? host.substring(0, 100) + "…" : host;
        return clipped.replaceAll("[^\\x20-\\x7e…]", "?");
    }

    /** True for a {@code Host} header value (with or without port) that this server answers to. */
    boolean allows(String hostHeader) {
        String name = bare(hostHeader);
        return allowed.contains(name) || name.endsWith(".localhost") || isAddressLiteral(name);
    }

    /** The host name of {@code host[:port]} or {@code [v6][:port]}, lower case, without brackets or port. */
    static String bare(String hostAndPort) {
        String h = hostAndPort.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && colon == h.lastIndexOf(':')) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /**
     * An address typed into the browser is never a rebinding attack: the page's origin is then that address, so
     * the server is reached by IP (as on a LAN with {@code host: 0.0.0.0} and a key) without configuration.
     */
    private static boolean isAddressLiteral(String name) {
        if (name.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")) {
            return true;
        }
        if (!name.contains(":") || !name.matches("[0-9a-f:.]+(%[0-9a-z]+)?")) {
            return false;
        }
        try {
            // with a colon, InetAddress parses an IPv6 literal and never looks a name up
            return InetAddress.getByName(name) instanceof java.net.Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
