package dev.tether.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request line and headers do not arrive in time ({@code server.header_timeout_ms}),
 * or whose request body is not read whole in time ({@code server.body_timeout_ms}: from the end of the headers to
 * the start of the response), so clients that send headers or a body a byte at a time (slowloris) cannot hold
 * connections open. Helidon bounds a request's
 * header size but not how long it takes to arrive, and its idle timeout does not interrupt a connection reading
 * headers. The clock runs from the connection's opening for its first request and from the request line for later
 * ones (the wait for a later request is Helidon's idle timeout); a watchdog answers 408 and closes the socket.
 *
 * <p>It is the server's only HTTP/1.1 connection selector: built with it, the server discovers no other.
 */
public final class HeaderDeadline implements ServerConnectionSelector, AutoCloseable {

    private static final byte[] HEADER_TIMEOUT =
            response("header_timeout", "the request headers did not arrive within server.header_timeout_ms");
    private static final byte[] BODY_TIMEOUT =
            response("body_timeout", "the request body did not arrive within server.body_timeout_ms");

    /** When a connection is closed unless it makes progress, and which answer it then gets. */
    private record Deadline(long at, byte[] response) {}

    private final long timeoutNanos;
    private final long bodyTimeoutNanos;
    private final ServerConnectionSelector http1;
    private final Map<ConnectionContext, Deadline> deadlines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;

    public HeaderDeadline(Duration timeout) {
        this(timeout, Duration.ofMinutes(1));
    }

    public HeaderDeadline(Duration timeout, Duration bodyTimeout) {
        if (timeout.isNegative() || timeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("the header and body timeouts must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
        this.http1 = Http1ConnectionSelector.builder()
                .config(Http1Config.builder()
                        .name("@default")
                        .addReceiveListener(new Progress())
                        .addSendListener(new Answered())
                        .build())
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("tether-header-deadline").factory());
        long tick = Math.clamp(Math.min(timeout.toMillis(), bodyTimeout.toMillis()) / 10, 10, 1000);
        watchdog.scheduleAtFixedRate(this::expire, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        deadlines.put(ctx, new Deadline(System.nanoTime() + timeoutNanos, HEADER_TIMEOUT));
        return http1.connection(ctx);
    }

    private void expire() {
        long now = System.nanoTime();
        deadlines.forEach((ctx, deadline) -> {
            if (now - deadline.at() >= 0 && deadlines.remove(ctx, deadline)) {
                closeLate(ctx, deadline.response());
            }
        });
    }

    private static void closeLate(ConnectionContext ctx, byte[] response) {
        try {
            ctx.dataWriter().writeNow(BufferData.create(response));
        } catch (RuntimeException e) {
            // the client is gone already
        }
        try {
            ctx.serverSocket().close();
        } catch (RuntimeException e) {
            // closed already
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    private static byte[] response(String code, String message) {
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
        return ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Starts the clock at a later request's line and stops it once the headers are in. */
    private final class Progress implements Http1ConnectionListener {

        @Override
        public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
            deadlines.putIfAbsent(ctx, new Deadline(System.nanoTime() + timeoutNanos, HEADER_TIMEOUT));
        }

        /** The headers are in: a request with a body gets the body's clock, one without none. */
        @Override
        public void headers(ConnectionContext ctx, Headers headers) {
            boolean body = headers.contains(HeaderNames.TRANSFER_ENCODING)
                    || headers.first(HeaderNames.CONTENT_LENGTH)
                            .map(length -> !length.strip().equals("0"))
                            .orElse(false);
            if (body) {
                deadlines.put(ctx, new Deadline(System.nanoTime() + bodyTimeoutNanos, BODY_TIMEOUT));
            } else {
                deadlines.remove(ctx);
            }
        }
    }

    /** The response has started: the request's body was read (or will not be), so its clock stops. */
    private final class Answered implements Http1ConnectionListener {

        @Override
        public void status(ConnectionContext ctx, Status status) {
            deadlines.computeIfPresent(ctx, (c, deadline) -> deadline.response() == BODY_TIMEOUT ? null : deadline);
        }
    }
}
