package dev.tether.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A hand-driven MCP-over-HTTP client for protocol edge cases the SDK clients never produce. */
final class McpHttp {

    static final String ACCEPT_BOTH = "application/json, text/event-stream";
    static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";
    static final String LIST_TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI mcp;

    McpHttp(URI mcp) {
        this.mcp = mcp;
    }

    HttpResponse<String> post(String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        return send(headers.length == 0 ? request.header("Accept", ACCEPT_BOTH) : request.headers(headers));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Initializes a session and returns its id. */
    String initialize() {
        HttpResponse<String> init = post(INITIALIZE);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(INITIALIZED, "Accept", ACCEPT_BOTH, "Mcp-Session-Id", session);
        return session;
    }

    HttpResponse<String> inSession(String session, String body) {
        return post(body, "Accept", ACCEPT_BOTH, "Mcp-Session-Id", session);
    }

    /**
     * Writes {@code head} (a request without its final blank line) on a fresh socket — for headers
     * {@link HttpClient} will not send, such as {@code Host} — and returns the socket after the status line.
     */
    static Socket raw(int port, String head, List<String> statusOut) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            statusOut.add(readLine(socket.getInputStream()));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of a raw request, closing the socket. */
    static int rawStatus(int port, String head) {
        List<String> status = new ArrayList<>();
        try (Socket ignored = raw(port, head, status)) {
            return Integer.parseInt(status.getFirst().split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
