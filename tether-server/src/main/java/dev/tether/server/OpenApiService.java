package dev.tether.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import dev.tether.server.http.SecurityHeaders;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.Yaml;

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
    private final String pagePolicy;

    OpenApiService() {
        this.yaml = resource(DOCUMENT);
        this.page = resource(PAGE);
        String html = new String(page, StandardCharsets.UTF_8);
        this.pagePolicy = SecurityHeaders.policyWithInline(inlineHash(html, "script"), inlineHash(html, "style"));
        Object tree = new Yaml().load(new String(yaml, StandardCharsets.UTF_8));
        try {
            this.json = Json.MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot convert " + DOCUMENT + " to JSON", e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/openapi", this::document)
                .get("/docs", this::page)
                .otherMethodsNotAllowed();
    }

    private void document(ServerRequest req, ServerResponse res) {
        boolean asJson =
                req.query().first("format").asOptional().map("json"::equals).orElse(false)
                        || req.headers()
                                .first(HeaderNames.ACCEPT)
                                .map(a -> a.contains("application/json"))
                                .orElse(false);
        res.header(HeaderNames.CONTENT_TYPE, asJson ? "application/json" : "application/yaml; charset=utf-8");
        res.send(asJson ? json : yaml);
    }

    private void page(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.header("Content-Security-Policy", pagePolicy);
        res.send(page);
    }

    /** The CSP hash ({@code sha256-…}) of the page's one inline {@code <tag>} element's text. */
    static String inlineHash(String html, String tag) {
        int open = html.indexOf("<" + tag + ">");
        int close = html.indexOf("</" + tag + ">", open);
        if (open < 0 || close < 0) {
            throw new IllegalStateException(PAGE + " has no inline <" + tag + ">");
        }
        String code = html.substring(open + tag.length() + 2, close);
        try {
            byte[] digest =
                    java.security.MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
