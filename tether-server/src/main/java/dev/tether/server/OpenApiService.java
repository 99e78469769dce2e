package dev.tether.server;

import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi}: the hand-kept OpenAPI document (YAML, or JSON when asked), and {@code GET /docs}: a page,
 * served from here, that renders it.
 */
final class OpenApiService implements HttpService {

    static final String DOCUMENT = "tether/openapi.yaml";
    static final String PAGE = "tether/docs.html";

    private final byte[] yaml;
    private final byte[] json;
    private final byte[] page;

    OpenApiService() {
        this.yaml = resource(DOCUMENT);
        this.page = resource(PAGE);
        Object tree = new Yaml().load(new String(yaml, StandardCharsets.UTF_8));
        try {
            this.json = Json.MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot convert " + DOCUMENT + " to JSON", e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/openapi", this::document)
                .get("/docs", this::page);
        Routes.otherMethods(rules, "/openapi", "GET");
        Routes.otherMethods(rules, "/docs", "GET");
    }

    private void document(ServerRequest req, ServerResponse res) {
        boolean asJson = req.query().first("format").asOptional().map("json"::equals).orElse(false)
                || req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("application/json")).orElse(false);
        res.header(HeaderNames.CONTENT_TYPE, asJson ? "application/json" : "application/yaml; charset=utf-8");
        res.send(asJson ? json : yaml);
    }

    private void page(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send(page);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpenApiService.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
