package dev.tether.server;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.StaticContentService;

/**
 * {@code GET /}: the web chat page from the classpath folder {@code web/} when it is there; otherwise a small JSON
 * pointer to the API and its docs.
 */
final class WebPage {

    static final String ROOT = "web";

    private WebPage() {
    }

    static void register(HttpRouting.Builder routing) {
        if (WebPage.class.getClassLoader().getResource(ROOT + "/index.html") != null) {
            routing.register("/", StaticContentService.builder(ROOT).welcomeFileName("index.html").build());
        } else {
            routing.get("/", (req, res) -> Json.ok(res, Json.object()
                    .put("name", "Tether")
                    .put("message", "Tether is running; the web page is not part of this build.")
                    .put("docs", "/docs")
                    .put("openapi", "/openapi")));
        }
    }
}
