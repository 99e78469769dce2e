package dev.tether.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-kept OpenAPI document lists every route the server answers, and /docs renders it from here. */
class OpenApiTest {

    /** The documented routes this server serves (the OpenAI-compatible ones are another service's). */
    private static final List<String> ROUTES = List.of(
            "POST /sessions",
            "GET /sessions",
            "DELETE /sessions",
            "GET /sessions/{id}",
            "PATCH /sessions/{id}",
            "DELETE /sessions/{id}",
            "GET /sessions/{id}/messages",
            "PATCH /sessions/{id}/summaries/{summary_id}",
            "POST /sessions/{id}/approvals/{call_id}",
            "POST /chat/stream",
            "GET /models",
            "GET /models/{name}",
            "POST /models/unload",
            "POST /models/{name}/template",
            "GET /tools",
            "GET /healthz",
            "GET /readyz",
            "GET /metrics",
            "GET /openapi",
            "GET /docs",
            "GET /",
            "POST /models/pull",
            "GET /models/pull/files",
            "POST /v1/chat/completions",
            "GET /v1/models",
            "POST /v1/messages",
            "POST /v1/messages/count_tokens",
            "POST /v1/responses",
            "GET /v1/responses/{response_id}",
            "POST /mcp",
            "GET /sse",
            "POST /message",
            "GET /engines",
            "POST /engines/install",
            "DELETE /engines/{name}");

    @TempDir
    static Path dir;

    static TestServer tether;

    @BeforeAll
    static void start() {
        tether = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        tether.close();
    }

    @Test
    void documentsEveryRoute() {
        JsonNode doc = tether.http.get("/openapi", "Accept", "application/json").json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        for (String route : ROUTES) {
            String[] parts = route.split(" ");
            assertThat(doc.get("paths").path(parts[1]).has(parts[0].toLowerCase(Locale.ROOT)))
                    .as("%s is in the OpenAPI document", route)
                    .isTrue();
        }
    }

    @Test
    void everyDocumentedRouteIsServed() {
        String session = tether.newSession();
        String responseId = tether.http
                .post("/v1/responses", "{\"model\":\"scripted\",\"input\":\"hi\"}")
                .json()
                .get("id")
                .asText();
        JsonNode paths = tether.http.get("/openapi?format=json").json().get("paths");
        List<String[]> calls = new ArrayList<>();
        paths.fieldNames().forEachRemaining(path -> {
            for (String method : List.of("get", "post", "patch", "delete")) {
                // GET /sse opens a stream that stays open: tether-mcp's SessionLifecycleTest covers it
                if (paths.get(path).has(method) && !(path.equals("/sse") && method.equals("get"))) {
                    calls.add(new String[] {method.toUpperCase(Locale.ROOT), path});
                }
            }
        });
        // deletes last, the one session before all of them, so every other call still finds the session
        calls.sort(Comparator.comparing((String[] c) -> c[0].equals("DELETE")).thenComparing(c -> -c[1].length()));
        for (String[] call : calls) {
            String concrete = call[1].replace("{id}", session)
                    .replace("{name}", "scripted")
                    .replace("{call_id}", "call_0")
                    .replace("{summary_id}", "1")
                    .replace("{response_id}", responseId);
            String body =
                    call[1].equals("/chat/stream") ? Http.chatBody(session, "hi") : "{\"model_name\":\"scripted\"}";
            Http.Response response = tether.http.method(
                    call[0], concrete, call[0].equals("GET") || call[0].equals("DELETE") ? null : body);
            assertThat(response.status()).as("%s %s", call[0], call[1]).isNotIn(404, 405, 500);
        }
        assertThat(calls).hasSizeGreaterThanOrEqualTo(ROUTES.size());
    }

    @Test
    void everyToolsEntryHasTheDocumentedFieldsAndNoOthers() {
        JsonNode schema = tether.http.get("/openapi?format=json").json().at("/components/schemas/Tool");
        List<String> documented = new ArrayList<>();
        schema.get("properties").fieldNames().forEachRemaining(documented::add);
        JsonNode tools = tether.http.get("/tools").json();

        assertThat(tools)
                .anySatisfy(t -> assertThat(t.get("enabled").asBoolean()).isFalse());
        for (JsonNode tool : tools) {
            schema.get("required")
                    .forEach(field -> assertThat(tool.has(field.asText()))
                            .as("%s has %s", tool.get("name"), field)
                            .isTrue());
            tool.fieldNames()
                    .forEachRemaining(field -> assertThat(documented)
                            .as("%s of %s is documented", field, tool.get("name"))
                            .contains(field));
        }
    }

    @Test
    void servesYamlByDefault() {
        Http.Response yaml = tether.http.get("/openapi");
        assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
        assertThat(yaml.body()).startsWith("openapi: 3.");
    }

    @Test
    void servesADocsPageWithoutOutsideResources() {
        Http.Response page = tether.http.get("/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("openapi?format=json").doesNotContainPattern("(src|href)=\"(https?:)?//");
    }
}
