package dev.tether.engine.llamacpp;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.remote.LineStream;
import dev.tether.engine.remote.LineStreamErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The HTTP client for a child server on this machine (a llama-server child): one HTTP/1.1 exchange on a blocking
 * socket, read line by line on the caller's own thread. The JDK's client hands every chunk from its selector thread
 * to an executor and then to the reader; when every token is a line, those hand-offs cost more than the token on a
 * small machine. A cancel closes the socket, which also tells the server to stop generating. The body's framing is
 * decoded by one {@link BodyFraming}, which the reads and the look-ahead ({@link #lineReady}) both use.
 */
public final class ChildExchange implements LineStream {

    /** Opens exchanges with local children, for {@link dev.tether.engine.remote.OpenAiChatClient}. */
    public static final LineStream.Opener OPENER = ChildExchange::open;

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_LINE_BYTES = 64 * 1024 * 1024;
    private static final int MAX_STATUS_CHARS = 200;

    /** Where the exchange is. */
    private enum Stage {
        /** The request is sent; the status line and headers are next. */
        AWAITING_HEAD,
        /** The head is read; the body is being read. */
        READING_BODY,
        /** The whole body has been read, or reading failed. */
        ENDED,
        /** The caller cancelled (or was interrupted); nothing more is read. */
        CANCELLED
    }

    private final Socket socket;
    private InputStream in;
    private final byte[] buf = new byte[16 * 1024]; // received, not yet read: buf[pos..limit)
    private int pos;
    private int limit;
    private byte[] line = new byte[512];
    private int lineSize;
    private final String what;
    private final Duration readTimeout;
    private final Cancellation cancel;
    private final Runnable onCancel;
    private Stage stage = Stage.AWAITING_HEAD;
    private int status;
    private BodyFraming framing;
    private final BodyFraming ahead = BodyFraming.untilClose();

    private ChildExchange(Socket socket, String what, Duration readTimeout, Cancellation cancel) {
        this.socket = socket;
        this.what = what;
        this.readTimeout = readTimeout;
        this.cancel = cancel;
        this.onCancel = () -> closeQuietly(socket);
        cancel.onCancel(onCancel);
    }

    /** Sends {@code request}; its answer is read by the returned stream. */
    static LineStream open(
            LineStream.Request request,
            String what,
            Duration connectTimeout,
            Duration readTimeout,
            Cancellation cancel) {
        ChildExchange exchange = new ChildExchange(new Socket(), what, readTimeout, cancel);
        try {
            exchange.send(request, connectTimeout);
            return exchange;
        } catch (IOException e) {
            exchange.close();
            if (exchange.isCancel()) {
                exchange.stage = Stage.CANCELLED;
                return exchange;
            }
            if (e instanceof SocketTimeoutException) {
                throw LineStreamErrors.connectTimeout(what);
            }
            if (e instanceof ConnectException) {
                throw LineStreamErrors.refused(what);
            }
            throw exchange.failure(e);
        }
    }

    private void send(LineStream.Request request, Duration connectTimeout) throws IOException {
        URI uri = request.uri();
        String body = request.body();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) connectTimeout.toMillis());
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        in = socket.getInputStream();
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder head = new StringBuilder(256)
                .append(request.method())
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(uri.getHost())
                .append(':')
                .append(uri.getPort())
                .append("\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(content.length)
                    .append("\r\n");
        }
        request.headers()
                .forEach((name, value) ->
                        head.append(name).append(": ").append(value).append("\r\n"));
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = Arrays.copyOf(headBytes, headBytes.length + content.length);
        System.arraycopy(content, 0, bytes, headBytes.length, content.length);
        OutputStream out = socket.getOutputStream();
        out.write(bytes); // one write: one segment on a no-delay socket
        out.flush();
    }

    @Override
    public int status() {
        if (stage == Stage.AWAITING_HEAD) {
            readHead();
        }
        return stage == Stage.CANCELLED ? -1 : status;
    }

    private void readHead() {
        try {
            String statusLine = headerLine();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new EngineException(
                        ErrorCode.PROVIDER_PROTOCOL,
                        what + " sent no HTTP status: "
                                + (statusLine.length() > MAX_STATUS_CHARS
                                        ? statusLine.substring(0, MAX_STATUS_CHARS) + "…"
                                        : statusLine));
            }
            status = Integer.parseInt(parts[1]);
            boolean chunked = false;
            long length = -1;
            int headerBytes = 0;
            for (String header = headerLine(); !header.isEmpty(); header = headerLine()) {
                headerBytes += header.length();
                if (headerBytes > MAX_HEADER_BYTES) {
                    throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " sent oversized headers");
                }
                int colon = header.indexOf(':');
                String name =
                        colon < 0 ? header : header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : header.substring(colon + 1).strip();
                if (name.equals("transfer-encoding")
                        && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                }
            }
            framing = chunked
                    ? BodyFraming.chunked()
                    : length >= 0 ? BodyFraming.length(length) : BodyFraming.untilClose();
            stage = Stage.READING_BODY;
        } catch (NumberFormatException e) {
            throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " sent a malformed HTTP header");
        } catch (IOException e) {
            if (isCancel()) {
                stage = Stage.CANCELLED;
                return;
            }
            throw failure(e);
        }
    }

    @Override
    public String next() {
        if (stage == Stage.AWAITING_HEAD) {
            readHead();
        }
        if (stage != Stage.READING_BODY) {
            return null;
        }
        try {
            lineSize = 0;
            while (true) {
                int run = dataBuffered();
                if (run == 0) {
                    stage = Stage.ENDED;
                    return lineSize == 0 ? null : text();
                }
                int newline = indexOf('\n', pos, pos + run);
                boolean found = newline >= 0;
                int taken = (found ? newline : pos + run) - pos;
                append(taken);
                consume(taken + (found ? 1 : 0));
                if (found) {
                    return text();
                }
            }
        } catch (IOException e) {
            stage = isCancel() ? Stage.CANCELLED : Stage.ENDED;
            if (stage == Stage.CANCELLED) {
                return null;
            }
            throw failure(e);
        } catch (EngineException e) {
            stage = Stage.ENDED;
            throw e;
        }
    }

    /** Takes in what the socket already holds, then looks through it with a copy of the framing, never waiting. */
    @Override
    public boolean lineReady(String prefix) {
        if (stage != Stage.READING_BODY) {
            return false;
        }
        try {
            takeAvailable();
        } catch (IOException e) {
            return false; // the next read reports it
        }
        ahead.copyFrom(framing);
        int i = pos;
        int column = 0;
        boolean matches = true;
        while (true) {
            i = ahead.skipFraming(buf, i, limit);
            if (!ahead.inData() || i >= limit) {
                return false;
            }
            int run = ahead.dataBytes(limit - i);
            for (int end = i + run; i < end; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    if (matches && column >= prefix.length()) {
                        return true;
                    }
                    column = 0;
                    matches = true;
                } else {
                    matches &= column >= prefix.length() || b == prefix.charAt(column); // an ASCII prefix
                    column++;
                }
            }
            ahead.took(run);
        }
    }

    @Override
    public boolean cancelled() {
        return stage == Stage.CANCELLED;
    }

    @Override
    public void close() {
        cancel.removeListener(onCancel);
        closeQuietly(socket);
    }

    private String text() {
        int size = lineSize;
        if (size > 0 && line[size - 1] == '\r') {
            size--;
        }
        return new String(line, 0, size, StandardCharsets.UTF_8);
    }

    /** Adds the next {@code count} received bytes to the line being read. */
    private void append(int count) {
        if (lineSize + count > MAX_LINE_BYTES) {
            throw new EngineException(
                    ErrorCode.PROVIDER_PROTOCOL, what + " sent a line over " + MAX_LINE_BYTES + " bytes");
        }
        if (lineSize + count > line.length) {
            line = Arrays.copyOf(line, Math.max(lineSize + count, 2 * line.length));
        }
        System.arraycopy(buf, pos, line, lineSize, count);
        lineSize += count;
    }

    private void consume(int count) {
        pos += count;
        framing.took(count);
    }

    /**
     * How many body bytes are now in the buffer from {@code pos}: at least one (it waits for them, stepping over the
     * framing), or 0 at the body's end.
     */
    private int dataBuffered() throws IOException {
        while (true) {
            pos = framing.skipFraming(buf, pos, limit);
            switch (framing.state()) {
                case END -> {
                    return 0;
                }
                case MALFORMED ->
                    throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " sent a malformed chunk size");
                default -> {
                    if (framing.inData() && pos < limit) {
                        return framing.dataBytes(limit - pos);
                    }
                }
            }
            if (!fill()) {
                if (framing.state() == BodyFraming.State.UNTIL_CLOSE) {
                    return 0;
                }
                throw new IOException(
                        framing.state() == BodyFraming.State.DATA
                                ? "the answer ended early"
                                : "the connection closed inside the answer's framing");
            }
        }
    }

    /** Waits for more bytes once the buffer is used up; false at the end of the stream. */
    private boolean fill() throws IOException {
        int n = in.read(buf);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Reads, without waiting, what has arrived at the socket and fits in the buffer. */
    private void takeAvailable() throws IOException {
        int available = in.available();
        if (available <= 0) {
            return;
        }
        if (limit == buf.length && pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = Math.min(available, buf.length - limit);
        if (n > 0) {
            int read = in.read(buf, limit, n);
            limit += Math.max(read, 0);
        }
    }

    private int read() throws IOException {
        return pos < limit || fill() ? buf[pos++] & 0xff : -1;
    }

    /** Where {@code c} is in {@code buf[from..to)}; -1 if it is not. */
    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** One CRLF-ended line of the head, in ISO-8859-1. */
    private String headerLine() throws IOException {
        StringBuilder text = new StringBuilder(64);
        for (int b = read(); b != '\n'; b = read()) {
            if (b < 0) {
                throw new IOException("the connection closed inside the answer's head");
            }
            if (text.length() > MAX_HEADER_BYTES) {
                throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " sent an oversized header line");
            }
            if (b != '\r') {
                text.append((char) b);
            }
        }
        return text.toString();
    }

    private boolean isCancel() {
        return cancel.isCancelled() || Thread.currentThread().isInterrupted();
    }

    private EngineException failure(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return LineStreamErrors.silent(what, readTimeout);
        }
        return LineStreamErrors.disconnected(what, e.getMessage());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is wanted
        }
    }
}
