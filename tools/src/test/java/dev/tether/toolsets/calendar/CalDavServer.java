package dev.tether.toolsets.calendar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small CalDAV collection on a real loopback socket: REPORT answers a multistatus with every stored object,
 * GET the first one, PUT stores (refusing to overwrite with {@code If-None-Match: *}); Basic auth checked.
 */
final class CalDavServer implements AutoCloseable {

    record Request(String method, String path, String depth, String body) {}

    private final HttpServer server;
    private final String authorization;
    private final Map<String, String> objects = new ConcurrentSkipListMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile boolean reportSupported = true;

    CalDavServer(String user, String password) throws IOException {
        authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/dav/cal/", this::handle);
        server.start();
    }

    URI collection() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dav/cal/");
    }

    void put(String name, String icalendar) {
        objects.put("/dav/cal/" + name, icalendar);
    }

    Map<String, String> objects() {
        return objects;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Depth"),
                    body));
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"cal\"");
                send(exchange, 401, "text/plain", "unauthorized");
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "REPORT" -> {
                    if (reportSupported) {
                        send(exchange, 207, "application/xml; charset=utf-8", multistatus());
                    } else {
                        send(exchange, 405, "text/plain", "no REPORT here");
                    }
                }
                case "GET" ->
                    send(
                            exchange,
                            200,
                            "text/calendar; charset=utf-8",
                            objects.values().stream().findFirst().orElse(""));
                case "PUT" -> {
                    boolean exists = objects.containsKey(path);
                    if (exists && "*".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        send(exchange, 412, "text/plain", "exists");
                    } else {
                        objects.put(path, body);
                        send(exchange, 201, "text/plain", "");
                    }
                }
                default -> send(exchange, 405, "text/plain", "method not allowed");
            }
        }
    }

    private String multistatus() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<d:multistatus xmlns:d=\"DAV:\" xmlns:cal=\"urn:ietf:params:xml:ns:caldav\">\n");
        objects.forEach((href, ics) -> xml.append("<d:response><d:href>")
                .append(href)
                .append("</d:href>")
                .append("<d:propstat><d:prop><d:getetag>\"1\"</d:getetag><cal:calendar-data>")
                .append(ics.replace("&", "&amp;").replace("<", "&lt;"))
                .append("</cal:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>")
                .append("</d:response>\n"));
        return xml.append("</d:multistatus>\n").toString();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
