package dev.tether.pull;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a number of bytes: one byte more and the exchange is cancelled with
 * {@link TooLarge}, so an answer that never ends costs at most the cap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body passed the cap. */
    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("the answer is larger than " + max + " bytes");
        }
    }

    private final long max;
    private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
    private Flow.Subscription subscription;
    private long received;
    private boolean failed;

    private CappedBody(long max) {
        this.max = max;
    }

    /** Whether {@code failure} (or one of its causes) is a {@link TooLarge}. */
    static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    static HttpResponse.BodyHandler<byte[]> of(long max) {
        return info -> new CappedBody(max);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return bytes.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        bytes.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (failed) {
            return;
        }
        for (ByteBuffer item : items) {
            received += item.remaining();
        }
        if (received > max) {
            failed = true;
            subscription.cancel();
            bytes.onError(new TooLarge(max));
            return;
        }
        bytes.onNext(items);
    }

    @Override
    public void onError(Throwable error) {
        if (!failed) {
            bytes.onError(error);
        }
    }

    @Override
    public void onComplete() {
        if (!failed) {
            bytes.onComplete();
        }
    }
}
