package dev.tether.engine.remote;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;

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
import java.util.Map;

/**
 * A {@link LineStream} for a plain-HTTP server on this machine (a llama-server child): one HTTP/1.1 exchange on a
 * blocking socket, read on the caller's own thread. The JDK's client hands every chunk from its selector thread to
 * an executor and then to the reader; when every token is a line, those hand-offs cost more than the token on a
 * small machine. A cancel closes the socket, which also tells the server to stop generating.
 */
final class SocketLineStream implements LineStream {

    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

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
    private int status = -2;
    private boolean chunked;
    private long left = -1; // bytes left: in the current chunk (chunked), of the body (Content-Length); -1 to EOF
    private boolean ended;
    private boolean cancelled;

    private SocketLineStream(Socket socket, String what, Duration readTimeout, Cancellation cancel) {
        this.socket = socket;
        this.what = what;
        this.readTimeout = readTimeout;
        this.cancel = cancel;
        this.onCancel = () -> closeQuietly(socket);
        cancel.onCancel(onCancel);
    }

    /** Sends one request ({@code body} null for none) to {@code uri}; its answer is read by the returned stream. */
    static LineStream open(URI uri, String method, Map<String, String> headers, String body, String what,
                           Duration connectTimeout, Duration readTimeout, Cancellation cancel) {
        SocketLineStream stream = new SocketLineStream(new Socket(), what, readTimeout, cancel);
        try {
            stream.send(uri, method, headers, body, connectTimeout);
            return stream;
        } catch (IOException e) {
            stream.close();
            if (stream.isCancel()) {
                stream.cancelled = true;
                stream.ended = true;
                stream.status = -1;
                return stream;
            }
            if (e instanceof SocketTimeoutException) {
                throw new EngineException(ErrorCode.PROVIDER_TIMEOUT, "cannot connect to " + what
                        + " within the connect timeout (connect_timeout_ms)");
            }
            if (e instanceof ConnectException) {
                throw new EngineException(ErrorCode.PROVIDER_UNREACHABLE, "cannot connect to " + what
                        + " (connection refused: is it running?)");
            }
            throw stream.failure(e);
        }
    }

    private void send(URI uri, String method, Map<String, String> headers, String body, Duration connectTimeout)
            throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) connectTimeout.toMillis());
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        in = socket.getInputStream();
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + content.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        OutputStream out = socket.getOutputStream();
        out.write(request); // one write: one segment on a no-delay socket
        out.flush();
    }

    @Override
    public int status() {
        if (status != -2) {
            return status;
        }
        try {
            String statusLine = headerLine();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " sent no HTTP status: "
                        + RemoteClient.abbreviate(statusLine));
            }
            status = Integer.parseInt(parts[1]);
            int headerBytes = 0;
            for (String header = headerLine(); !header.isEmpty(); header = headerLine()) {
                headerBytes += header.length();
                if (headerBytes > MAX_HEADER_BYTES) {
                    throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " sent oversized headers");
                }
                int colon = header.indexOf(':');
                String name = colon < 0 ? header : header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : header.substring(colon + 1).strip();
                if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("content-length") && !chunked) {
                    left = Long.parseLong(value);
                }
            }
            if (chunked) {
                left = 0;
            }
            return status;
        } catch (NumberFormatException e) {
            throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " sent a malformed HTTP header");
        } catch (IOException e) {
            if (isCancel()) {
                cancelled = true;
                ended = true;
                return status = -1;
            }
            throw failure(e);
        }
    }

    @Override
    public String next() {
        if (ended || status() < 0) {
            return null;
        }
        try {
            lineSize = 0;
            while (true) {
                int run = bodyBuffered();
                if (run < 0) {
                    ended = true;
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
            ended = true;
            if (isCancel()) {
                cancelled = true;
                return null;
            }
            throw failure(e);
        }
    }

    /** Takes in what the socket already holds, then looks through the chunked framing, line by line, never waiting. */
    @Override
    public boolean lineReady(String prefix) {
        if (ended || status < 0) {
            return false;
        }
        try {
            takeAvailable();
        } catch (IOException e) {
            return false; // the next read reports it
        }
        int i = pos;
        long chunkLeft = left;
        int column = 0;
        boolean matches = true;
        while (true) {
            if (chunked && chunkLeft == 0) {
                int newline = indexOf('\n', i, limit);
                String size = newline < 0 ? "" : ascii(i, newline);
                if (newline >= 0 && size.isBlank()) { // the CRLF that ends the previous chunk
                    i = newline + 1;
                    newline = indexOf('\n', i, limit);
                    size = newline < 0 ? "" : ascii(i, newline);
                }
                chunkLeft = newline < 0 ? -1 : chunkSize(size);
                if (chunkLeft <= 0) {
                    return false;
                }
                i = newline + 1;
            }
            if (chunkLeft == 0 || i >= limit) {
                return false;
            }
            byte b = buf[i++];
            if (chunkLeft > 0) {
                chunkLeft--;
            }
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
    }

    @Override
    public boolean cancelled() {
        return cancelled;
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
            throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " sent a line over "
                    + MAX_LINE_BYTES + " bytes");
        }
        if (lineSize + count > line.length) {
            line = Arrays.copyOf(line, Math.max(lineSize + count, 2 * line.length));
        }
        System.arraycopy(buf, pos, line, lineSize, count);
        lineSize += count;
    }

    private void consume(int count) {
        pos += count;
        if (left > 0) {
            left -= count;
        }
    }

    /**
     * How many bytes of the body are now in the buffer from {@code pos} (at least one: it waits for them, through the
     * chunked framing when there is one); -1 at the body's end.
     */
    private int bodyBuffered() throws IOException {
        if (chunked && left == 0) {
            String size = headerLine();
            if (size.isEmpty()) { // the CRLF that ends the previous chunk
                size = headerLine();
            }
            left = chunkSize(size);
            if (left < 0) {
                throw new EngineException(ErrorCode.PROVIDER_PROTOCOL, what + " sent a malformed chunk size");
            }
            if (left == 0) {
                return -1; // the last chunk (trailers, if any, are not read: the connection closes)
            }
        }
        if (left == 0) {
            return -1;
        }
        if (pos == limit && !fill()) {
            if (left > 0) {
                throw new IOException("the answer ended early");
            }
            return -1;
        }
        return left > 0 ? (int) Math.min(limit - pos, left) : limit - pos;
    }

    /** A chunk's size from its size line (extensions ignored); -1 if malformed. */
    private static long chunkSize(String line) {
        int extension = line.indexOf(';');
        try {
            return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).strip(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Waits for more bytes when the buffer is used up; false at the end of the stream. */
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

    private String ascii(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** One CRLF-ended line of the head or of the chunked framing, in ISO-8859-1. */
    private String headerLine() throws IOException {
        StringBuilder text = new StringBuilder(64);
        for (int b = read(); b != '\n'; b = read()) {
            if (b < 0) {
                throw new IOException("the connection closed inside the answer's framing");
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
            return new EngineException(ErrorCode.PROVIDER_TIMEOUT,
                    what + " sent nothing for " + readTimeout.toMillis() + " ms (read_timeout_ms)");
        }
        return new EngineException(ErrorCode.PROVIDER_DISCONNECTED, what + " closed the connection: "
                + e.getMessage());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is wanted
        }
    }
}
