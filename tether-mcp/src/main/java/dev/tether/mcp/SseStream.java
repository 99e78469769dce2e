package dev.tether.mcp;

import dev.tether.stream.EventFrames;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Server-Sent Events response, written from any thread while the request's own (virtual) thread waits in
 * {@link #awaitEnd}. Helidon commits the response when the handler returns, so that thread blocks until the stream
 * ends; a client that went away shows only as a failed write, which is why idle streams get a comment line now and
 * then.
 */
final class SseStream {

    private static final Logger LOG = Logger.getLogger(SseStream.class.getName());

    private final ServerResponse res;
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch ended = new CountDownLatch(1);
    private OutputStream out;
    private volatile boolean open = true;

    SseStream(ServerResponse res) {
        this.res = res;
    }

    /** Sends the response head at once, so the client sees the stream open before any event. */
    boolean start(String comment) {
        return write(EventFrames.sseComment(comment));
    }

    /** Writes one event; false when the stream has ended or the client is gone. */
    boolean send(String event, String id, String data) {
        return write(EventFrames.sseEvent(event, id, data));
    }

    /** Ends the stream; the waiting request thread closes the response. */
    void end() {
        open = false;
        ended.countDown();
    }

    boolean isOpen() {
        return open;
    }

    /** Blocks the request thread until {@link #end} or a dead client, pinging every {@code keepAlive}. */
    void awaitEnd(Duration keepAlive) {
        try {
            while (!ended.await(keepAlive.toMillis(), TimeUnit.MILLISECONDS)) {
                if (!write(EventFrames.sseComment("keep-alive"))) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish();
        }
    }

    /** Closes the response body (on the request thread, after the last write). */
    void finish() {
        end();
        lock.lock();
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "SSE stream closed by the client", e);
        } finally {
            lock.unlock();
        }
    }

    private boolean write(byte[] frame) {
        lock.lock();
        try {
            if (!open) {
                return false;
            }
            if (out == null) {
                res.status(Status.OK_200);
                res.header(HeaderNames.CONTENT_TYPE, EventFrames.SSE);
                res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                out = res.outputStream();
            }
            out.write(frame);
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) { // Helidon reports a closed connection in several ways
            LOG.log(Level.FINE, "SSE client went away", e);
            end();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
