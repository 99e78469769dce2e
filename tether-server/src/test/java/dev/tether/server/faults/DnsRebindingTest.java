package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding against the default, keyless configuration: a page on an attacker's domain that resolves to
 * 127.0.0.1 sends its own name as {@code Host} (and no {@code Origin} on same-origin GETs). Every route must refuse
 * that name with a JSON 421, while loopback names and addresses, the bound host and {@code server.allowed_hosts}
 * are served.
 */
class DnsRebindingTest {

    private static final List<String> ROUTES = List.of(
            "GET /",
            "GET /index.html",
            "GET /sessions",
            "POST /sessions",
            "DELETE /sessions",
            "GET /sessions/{id}",
            "GET /sessions/{id}/messages",
            "PATCH /sessions/{id}",
            "POST /chat/stream",
            "GET /models",
            "GET /tools",
            "GET /metrics",
            "GET /healthz",
            "GET /readyz",
            "GET /openapi",
            "GET /docs",
            "GET /v1/models",
            "POST /v1/chat/completions",
            "POST /mcp",
            "GET /sse",
            "POST /message",
            "POST /sessions/{id}/approvals/call_1");

    @TempDir
    static Path dir;

    static Started tether;
    static String session;

    @BeforeAll
    static void start() throws IOException {
        Path script = dir.resolve("script.yml");
        Files.writeString(script, "models: [scripted]\nrules: [{on: user, match: '.*', chunks: [ok]}]\n");
        tether = Started.start(dir, """
                host: 127.0.0.1
                port: 0
                server: { allowed_hosts: ["tether.lan"] }
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                """.formatted(script, dir.resolve("tether.db")), name -> null);
        session = tether.newSession();
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void aForeignHostNameIsRefusedOnEveryRouteWithJson() throws IOException {
        int port = tether.server().port();
        List<String> hosts = List.of(
                "evil.example:" + port,
                "evil.example",
                "127.0.0.1.evil.example:" + port,
                "localhost.evil.example:" + port,
                "tether.lan.evil.example");
        for (String route : routes()) {
            for (String host : hosts) {
                RawHttp.Reply reply = send(route, host);
                assertThat(reply.status()).as("%s with Host %s", route, host).isEqualTo(421);
                JsonNode error = Faults.parse(reply.text()).path("error");
                assertThat(error.path("code").asText())
                        .as("%s with Host %s", route, host)
                        .isEqualTo("host_not_allowed");
                assertThat(reply.text()).doesNotContain(session);
            }
        }
    }

    @Test
    void loopbackNamesAddressesAndAllowedHostsAreServed() throws IOException {
        int port = tether.server().port();
        for (String host : List.of(
                "127.0.0.1:" + port,
                "localhost:" + port,
                "LOCALHOST",
                "[::1]:" + port,
                "app.localhost:" + port,
                "tether.lan:" + port,
                "tether.lan",
                "192.168.1.20:" + port)) {
            RawHttp.Reply reply = send("GET /sessions/{id}/messages", host);
            assertThat(reply.status()).as("Host %s", host).isEqualTo(200);
        }
    }

    private static RawHttp.Reply send(String route, String host) {
        String[] parts = route.replace("{id}", session).split(" ", 2);
        byte[] body = parts[0].equals("GET") || parts[0].equals("DELETE") ? null : "{}".getBytes();
        try (RawHttp client = new RawHttp(tether.server().port())) {
            return client.exchange(RawHttp.request(
                    parts[0],
                    parts[1],
                    body,
                    "Host: " + host,
                    "Content-Type: application/json",
                    "Accept: application/json, text/event-stream",
                    "Connection: close"));
        }
    }

    private static List<String> routes() {
        List<String> all = new ArrayList<>(ROUTES);
        ROUTES.stream()
                .filter(r -> !r.contains(" /v1")
                        && !r.contains(" /mcp")
                        && !r.contains(" /sse")
                        && !r.contains(" /message")
                        && !r.endsWith(" /")
                        && !r.contains("index.html"))
                .forEach(r -> all.add(r.replace(" /", " /api/v1/")));
        return all;
    }
}
