package dev.tether.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security under attack: the API key on every documented route and MCP transport, foreign origins refused on the
 * API and MCP, no secret (API key, a tool's secret env var) in any log line or response, and SQL injection through
 * every string field stored and returned verbatim with the database intact. The file tools' path-escape battery
 * lives in tether-tools ({@code ConfinementTest}).
 */
class SecurityFaultsTest {

    private static final String KEY = "k3y-Zq8vW2pL9xR4";
    private static final String SECRET = "brave-s3cret-T7uY6iO5";
    private static final String[] AUTH = {"Authorization", "Bearer " + KEY};
    private static final List<String> INJECTIONS = List.of(
            "'); DROP TABLE sessions; --",
            "\" OR 1=1 --",
            "x' UNION SELECT id, title FROM sessions --",
            "%' OR '1'='1",
            "Robert'); DELETE FROM messages WHERE ('1'='1",
            "\\'; PRAGMA writable_schema=1; --");

    /** Every documented route (method, path); an id or name is filled in. */
    private static final List<String[]> ROUTES = List.of(
            r("POST", "/sessions"),
            r("GET", "/sessions"),
            r("DELETE", "/sessions"),
            r("GET", "/sessions/{id}"),
            r("PATCH", "/sessions/{id}"),
            r("DELETE", "/sessions/{id}"),
            r("GET", "/sessions/{id}/messages"),
            r("POST", "/chat/stream"),
            r("GET", "/models"),
            r("GET", "/models/scripted"),
            r("POST", "/models/unload"),
            r("POST", "/models/pull"),
            r("GET", "/tools"),
            r("GET", "/readyz"),
            r("GET", "/metrics"),
            r("GET", "/openapi"),
            r("GET", "/docs"),
            r("GET", "/v1/models"),
            r("GET", "/v1/models/scripted"),
            r("POST", "/v1/chat/completions"),
            r("POST", "/mcp"),
            r("GET", "/mcp"),
            r("DELETE", "/mcp"),
            r("GET", "/sse"),
            r("POST", "/message"));

    @TempDir
    static Path dir;

    static Started tether;
    static final Queue<String> LOG = new ConcurrentLinkedQueue<>();
    static final Handler CAPTURE = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            LOG.add(format.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    static Level rootLevel;

    @BeforeAll
    static void start() throws IOException {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(CAPTURE);
        Path script = dir.resolve("script.yml");
        Files.writeString(script, """
                models: [scripted]
                rules:
                  - on: user
                    match: "(?i)^inject"
                    chunks: ["<<function_call>> {\\"name\\": \\"get_current_time\\", \\"arguments\\": {\\"timezone\\": \\"'); DROP TABLE sessions; --\\"}}"]
                  - on: tool
                    match: ".*"
                    chunks: ["done"]
                  - on: user
                    match: ".*"
                    chunks: ["ok"]
                """);
        tether = Started.start(
                dir,
                """
                host: 127.0.0.1
                port: 0
                server:
                  api_key: "%s"
                  cors: { allowed_origins: ["https://app.example"] }
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                tools: { enabled: [get_current_time, web_search] }
                """.formatted(KEY, script, dir.resolve("tether.db")),
                name -> name.equals("BRAVE_API_KEY") ? SECRET : null);
    }

    @AfterAll
    static void stop() {
        try {
            tether.close();
        } finally {
            Logger root = Logger.getLogger("");
            root.removeHandler(CAPTURE);
            root.setLevel(rootLevel);
        }
        // every test ran with this capture on, the failures included: nothing may have logged a secret
        assertThat(String.join("", LOG))
                .as("the log")
                .isNotEmpty()
                .doesNotContain(KEY)
                .doesNotContain(SECRET);
    }

    @Test
    void everyRouteAndMcpTransportNeedsTheKey() throws Exception {
        String session = tether.http()
                .post("/sessions", "{}", AUTH)
                .json()
                .get("session_id")
                .asText();
        for (String[] route : withApiPrefix()) {
            String path = route[1].replace("{id}", session);
            byte[] body = route[0].equals("GET") || route[0].equals("DELETE") ? null : "{}".getBytes();
            try (RawHttp client = new RawHttp(tether.server().port())) {
                RawHttp.Reply reply = client.exchange(RawHttp.request(
                        route[0],
                        path,
                        body,
                        "Content-Type: application/json",
                        "Accept: application/json, text/event-stream"));
                assertThat(reply.status())
                        .as("%s %s without the key", route[0], path)
                        .isEqualTo(401);
                assertThat(BadInputFuzzTest.problem(reply))
                        .as("%s %s", route[0], path)
                        .isNull();
            }
            for (String auth : List.of("Bearer " + KEY + "x", "Bearer", "Basic " + KEY, KEY)) {
                assertThat(statusOf(route[0], path, body, "Authorization: " + auth))
                        .as("%s %s with %s", route[0], path, auth)
                        .isEqualTo(401);
            }
            if (!route[0].equals("DELETE")) {
                assertThat(statusOf(route[0], path, body, "Authorization: Bearer " + KEY))
                        .as("%s %s with the key", route[0], path)
                        .isNotEqualTo(401);
            }
        }
        assertThat(tether.http().get("/healthz").status()).isEqualTo(200);
        assertThat(tether.http().get("/api/v1/healthz").status()).isEqualTo(200);
        assertThat(tether.http().get("/").status())
                .as("the page's own files are open by design")
                .isEqualTo(200);
        assertThat(tether.http().get("/assets/../sessions").status()).isEqualTo(401);
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveOnEveryRouteAndMcp() throws Exception {
        String session = tether.http()
                .post("/sessions", "{}", AUTH)
                .json()
                .get("session_id")
                .asText();
        for (String[] route : withApiPrefix()) {
            if (route[0].equals("DELETE")) {
                continue;
            }
            String path = route[1].replace("{id}", session);
            byte[] body = route[0].equals("GET") ? null : "{}".getBytes();
            for (String scheme : List.of("bearer", "BEARER", "bEaReR")) {
                assertThat(statusOf(route[0], path, body, "Authorization: " + scheme + " " + KEY))
                        .as("%s %s with %s", route[0], path, scheme)
                        .isNotEqualTo(401);
            }
        }
    }

    @Test
    void foreignOriginsAreRefusedOnTheApiAndMcp() throws Exception {
        for (String[] route : ROUTES) {
            String path = route[1].replace("{id}", "00000000-0000-0000-0000-000000000000");
            byte[] body = route[0].equals("GET") || route[0].equals("DELETE") ? null : "{}".getBytes();
            for (String origin : List.of(
                    "http://evil.example", "null", "http://127.0.0.1.evil.example", "https://app.example.evil")) {
                assertThat(statusOf(route[0], path, body, "Authorization: Bearer " + KEY, "Origin: " + origin))
                        .as("%s %s from %s", route[0], path, origin)
                        .isEqualTo(403);
            }
        }
        Http.Response allowed =
                tether.http().get("/sessions", "Authorization", "Bearer " + KEY, "Origin", "https://app.example");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
    }

    @Test
    void noSecretInAnyResponse() {
        for (String path : List.of("/tools", "/openapi", "/metrics", "/readyz", "/models", "/v1/models")) {
            Http.Response r = tether.http().get(path, AUTH);
            assertThat(r.body()).as(path).doesNotContain(KEY).doesNotContain(SECRET);
        }
        assertThat(tether.http()
                        .post("/chat/stream", "{\"session_id\":\"" + KEY + "\"}", AUTH)
                        .body())
                .doesNotContain(SECRET);
    }

    @Test
    void sqlInjectionIsStoredVerbatimAndTheDatabaseStaysIntact() throws Exception {
        Http http = tether.http();
        List<String> sessions = new ArrayList<>();
        for (String evil : INJECTIONS) {
            JsonNode created = http.post(
                            "/sessions",
                            Faults.JSON
                                    .createObjectNode()
                                    .put("title", evil)
                                    .put("system_prompt", evil)
                                    .toString(),
                            AUTH)
                    .json();
            String id = created.get("session_id").asText();
            sessions.add(id);
            JsonNode read = http.get("/sessions/" + id, AUTH).json();
            assertThat(read.get("title").asText()).isEqualTo(evil);
            assertThat(read.get("system_prompt").asText()).isEqualTo(evil);
            JsonNode renamed = http.method(
                            "PATCH",
                            "/sessions/" + id,
                            Faults.JSON
                                    .createObjectNode()
                                    .put("title", evil + evil)
                                    .toString(),
                            AUTH)
                    .json();
            assertThat(renamed.get("title").asText()).isEqualTo(evil + evil);
        }
        for (String id : sessions) {
            String evil = INJECTIONS.get(sessions.indexOf(id));
            assertThat(chat(id, evil).getLast().get("data").get("finish_reason").asText())
                    .isEqualTo("stop");
            assertThat(chat(id, "inject " + evil)
                            .getLast()
                            .get("data")
                            .get("finish_reason")
                            .asText())
                    .isEqualTo("stop");
            JsonNode messages = http.get("/sessions/" + id + "/messages", AUTH).json();
            assertThat(messages.get(0).get("content").asText()).isEqualTo(evil);
            assertThat(messages.get(2).get("content").asText()).isEqualTo("inject " + evil);
            assertThat(messages.get(3)
                            .get("tool_calls")
                            .get(0)
                            .get("arguments")
                            .get("timezone")
                            .asText())
                    .isEqualTo("'); DROP TABLE sessions; --");
            assertThat(messages.get(4).get("role").asText()).isEqualTo("tool");
            // a model name and a session id in a path are refused, not executed
            assertThat(http.post(
                                    "/chat/stream",
                                    Faults.JSON
                                            .createObjectNode()
                                            .put("session_id", id)
                                            .put("prompt", "x")
                                            .put("model_name", evil)
                                            .toString(),
                                    AUTH)
                            .status())
                    .isEqualTo(404);
            assertThat(http.get("/sessions/" + java.net.URLEncoder.encode(evil, StandardCharsets.UTF_8), AUTH)
                            .status())
                    .isIn(400, 404);
        }
        assertThat(http.get("/sessions?limit=1000", AUTH).json().size()).isGreaterThanOrEqualTo(INJECTIONS.size());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tether.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }

    private static List<JsonNode> chat(String session, String prompt) throws IOException {
        var response = tether.http().stream(Http.chatBody(session, prompt), AUTH);
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        try (var lines = Http.reader(response.body())) {
            String line;
            while ((line = lines.readLine()) != null) {
                events.add(Faults.parse(line));
            }
        }
        return events;
    }

    /** The status of a request whose body is not read (a stream may follow it). */
    private static int statusOf(String method, String path, byte[] body, String... headers) throws IOException {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type: application/json";
        all[1] = "Accept: application/json, text/event-stream";
        System.arraycopy(headers, 0, all, 2, headers.length);
        try (RawHttp client = new RawHttp(tether.server().port())) {
            client.write(RawHttp.request(method, path, body, all));
            return client.head().status();
        }
    }

    private static List<String[]> withApiPrefix() {
        List<String[]> all = new ArrayList<>(ROUTES);
        for (String[] route : ROUTES) {
            if (!route[1].startsWith("/v1")
                    && !route[1].startsWith("/mcp")
                    && !route[1].equals("/sse")
                    && !route[1].equals("/message")) {
                all.add(r(route[0], "/api/v1" + route[1]));
            }
        }
        return all;
    }

    private static String[] r(String method, String path) {
        return new String[] {method, path};
    }
}
