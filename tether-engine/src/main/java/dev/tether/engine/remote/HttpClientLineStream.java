package dev.tether.engine.remote;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LineStream} on the JDK's {@link HttpClient} (any server, https included): the client's threads receive
 * the body and hand each line over through a queue, so a wait never blocks longer than the read timeout.
 */
final class HttpClientLineStream implements LineStream {

    private record Status(int code) {}

    private record Failure(Throwable error) {}

    private static final Object END = new Object();
    private static final Object CANCELLED = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final String what;
    private final Duration readTimeout;
    private final Cancellation cancel;
    private final Runnable onCancel = () -> queue.add(CANCELLED);
    private final CompletableFuture<HttpResponse<Void>> exchange;
    private volatile Flow.Subscription subscription;
    private boolean cancelled;
    private boolean ended;

    private HttpClientLineStream(
            HttpClient client, HttpRequest request, String what, Duration readTimeout, Cancellation cancel) {
        this.what = what;
        this.readTimeout = readTimeout;
        this.cancel = cancel;
        cancel.onCancel(onCancel);
        this.exchange = client.sendAsync(request, info -> {
            queue.add(new Status(info.statusCode()));
            return BodySubscribers.fromLineSubscriber(new Lines());
        });
        exchange.whenComplete((response, error) -> {
            if (error != null) {
                queue.add(new Failure(error));
            }
        });
    }

    /** Sends {@code request}; {@code what} names the remote in messages ("ollama at http://…"). */
    static LineStream open(
            HttpClient client, HttpRequest request, String what, Duration readTimeout, Cancellation cancel) {
        return new HttpClientLineStream(client, request, what, readTimeout, cancel);
    }

    @Override
    public int status() {
        Object item = take();
        if (item instanceof Status s) {
            return s.code();
        }
        if (item == CANCELLED) {
            cancelled = true;
            ended = true;
            return -1;
        }
        throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + ": no response status");
    }

    @Override
    public String next() {
        if (ended) {
            return null;
        }
        Object item = take();
        if (item instanceof String line) {
            return line;
        }
        if (item == CANCELLED) {
            cancelled = true;
        }
        ended = true;
        return null;
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    @Override
    public boolean lineReady(String prefix) {
        for (Object item : queue) {
            if (item instanceof String line && line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private Object take() {
        Object item;
        try {
            item = queue.poll(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CANCELLED;
        }
        if (item == null) {
            throw LineStreamErrors.silent(what, readTimeout);
        }
        if (item instanceof Failure f) {
            throw failure(f.error());
        }
        return item;
    }

    private EngineException failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpConnectTimeoutException) {
            return LineStreamErrors.connectTimeout(what);
        }
        if (cause instanceof ConnectException) {
            return LineStreamErrors.refused(what);
        }
        if (cause instanceof IOException) {
            return LineStreamErrors.disconnected(what, cause.getMessage());
        }
        return new EngineException(ErrorCode.PROVIDER_ERROR, what + " failed: " + cause, cause);
    }

    @Override
    public void close() {
        cancel.removeListener(onCancel);
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        exchange.cancel(true);
    }

    /** Receives the body's lines on the client's threads and hands them to the reader. */
    private final class Lines implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            queue.add(line);
        }

        @Override
        public void onError(Throwable error) {
            queue.add(new Failure(error));
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }
    }
}
