package dev.tether.pull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that ends after {@code limit} bytes, whatever the stream under it holds, and fails once its
 * deadline has passed (a sender dripping a byte at a time cannot hold a reader longer than that plus one read).
 */
final class BoundedInputStream extends FilterInputStream {

    private long left;
    private final long deadlineNanos;

    BoundedInputStream(InputStream in, long limit) {
        this(in, limit, Long.MAX_VALUE);
    }

    /** @param deadlineNanos a {@link System#nanoTime()} value; {@code Long.MAX_VALUE} for none */
    BoundedInputStream(InputStream in, long limit, long deadlineNanos) {
        super(in);
        this.left = limit;
        this.deadlineNanos = deadlineNanos;
    }

    private void checkDeadline() throws IOException {
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new DeadlinePassed();
        }
    }

    /** The deadline passed before the reader was done. */
    static final class DeadlinePassed extends IOException {
        DeadlinePassed() {
            super("the deadline passed");
        }
    }

    @Override
    public int read() throws IOException {
        checkDeadline();
        if (left <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            left--;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkDeadline();
        if (left <= 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        checkDeadline();
        long skipped = in.skip(Math.min(n, left));
        left -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
