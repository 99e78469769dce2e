package dev.tether.engine.llamacpp;

/**
 * Where a reader is in an HTTP/1.1 response body: inside data, inside the chunked framing between data, or at the
 * end. It steps over framing bytes one at a time, so a chunk-size line or a CRLF split between two reads needs no
 * buffering of its own. {@link ChildExchange} runs one for its reads and a copy of it for its look-ahead, so both
 * see the same framing.
 */
final class BodyFraming {

    enum State {
        /** Reading a chunk-size line's hex digits. */
        CHUNK_SIZE,
        /** After the size: an extension, up to the line's end. */
        CHUNK_EXTENSION,
        /** The CR of the size line was seen; its LF is next. */
        CHUNK_SIZE_LF,
        /** Inside a chunk's data, or inside a body of known length. */
        DATA,
        /** A chunk's data is done; its CRLF is next. */
        CHUNK_DATA_CR,
        /** The CR after a chunk's data was seen; its LF is next. */
        CHUNK_DATA_LF,
        /** A body without a length: data until the connection closes. */
        UNTIL_CLOSE,
        /** The last chunk, or the last byte of a known length, has been read (trailers are not: the connection closes). */
        END,
        /** The chunked framing is broken. */
        MALFORMED
    }

    private static final int MAX_SIZE_DIGITS = 15; // a size that fits in a long

    private State state;
    private long left; // DATA: bytes left in this chunk or body
    private boolean chunked;
    private int digits;

    private BodyFraming(State state, long left, boolean chunked) {
        this.state = state;
        this.left = left;
        this.chunked = chunked;
    }

    static BodyFraming chunked() {
        return new BodyFraming(State.CHUNK_SIZE, 0, true);
    }

    static BodyFraming length(long bytes) {
        return new BodyFraming(bytes == 0 ? State.END : State.DATA, bytes, false);
    }

    static BodyFraming untilClose() {
        return new BodyFraming(State.UNTIL_CLOSE, 0, false);
    }

    /** Takes on {@code other}'s position, for a look-ahead that must not move the reader. */
    void copyFrom(BodyFraming other) {
        state = other.state;
        left = other.left;
        chunked = other.chunked;
        digits = other.digits;
    }

    State state() {
        return state;
    }

    /** Data is next: {@link #dataBytes} of it may be taken. */
    boolean inData() {
        return state == State.DATA || state == State.UNTIL_CLOSE;
    }

    /**
     * Steps over the framing bytes at {@code buf[at..limit)}, stopping at data, at the end, at broken framing or at
     * {@code limit}; returns where it stopped.
     */
    int skipFraming(byte[] buf, int at, int limit) {
        int i = at;
        while (i < limit && !inData() && state != State.END && state != State.MALFORMED) {
            step(buf[i++]);
        }
        return i;
    }

    /** How many of {@code buffered} bytes at the reader are data (while {@link #inData}). */
    int dataBytes(int buffered) {
        return state == State.DATA ? (int) Math.min(buffered, left) : buffered;
    }

    /** {@code count} data bytes were taken. */
    void took(int count) {
        if (state != State.DATA) {
            return;
        }
        left -= count;
        if (left == 0) {
            state = chunked ? State.CHUNK_DATA_CR : State.END;
        }
    }

    private void step(byte b) {
        switch (state) {
            case CHUNK_SIZE -> {
                int digit = Character.digit(b, 16);
                if (digit >= 0 && digits < MAX_SIZE_DIGITS) {
                    left = left * 16 + digit;
                    digits++;
                } else if (digits == 0 || digit >= 0) {
                    state = State.MALFORMED;
                } else if (b == ';' || b == ' ' || b == '\t') {
                    state = State.CHUNK_EXTENSION;
                } else if (b == '\r') {
                    state = State.CHUNK_SIZE_LF;
                } else if (b == '\n') {
                    sizeRead();
                } else {
                    state = State.MALFORMED;
                }
            }
            case CHUNK_EXTENSION -> {
                if (b == '\n') {
                    sizeRead();
                }
            }
            case CHUNK_SIZE_LF -> {
                if (b == '\n') {
                    sizeRead();
                } else {
                    state = State.MALFORMED;
                }
            }
            case CHUNK_DATA_CR -> state = b == '\r' ? State.CHUNK_DATA_LF : b == '\n' ? nextSize() : State.MALFORMED;
            case CHUNK_DATA_LF -> state = b == '\n' ? nextSize() : State.MALFORMED;
            default -> throw new IllegalStateException("no framing to step over in " + state);
        }
    }

    private void sizeRead() {
        digits = 0;
        state = left == 0 ? State.END : State.DATA;
    }

    private State nextSize() {
        left = 0;
        digits = 0;
        return State.CHUNK_SIZE;
    }
}
