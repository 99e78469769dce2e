package dev.tether.server;

import dev.tether.server.http.Json;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.StaticContentService;

/**
 * {@code GET /}: the web chat page from the classpath folder {@code web/} when it is there; otherwise a small JSON
 * pointer to the API and its docs.
 */
final class WebPage {

    static final String ROOT = "web";

    private WebPage() {}

    /**
     * The page's own files (no data, no secrets): served without the API key so that the page can load and then
     * ask the user for it.
     */
    static boolean isPublic(Method method, String rawPath) {
        if (method != Method.GET && method != Method.HEAD || rawPath.contains("..") || rawPath.contains("%")) {
            return false;
        }
        return rawPath.equals("/") || rawPath.equals("/index.html") || rawPath.startsWith("/assets/");
    }

    static void register(HttpRouting.Builder routing) {
        if (WebPage.class.getClassLoader().getResource(ROOT + "/index.html") != null) {
            routing.register(
                    "/",
                    StaticContentService.builder(ROOT)
                            .welcomeFileName("index.html")
                            .build());
        } else {
            routing.get(
                    "/",
                    (req, res) -> Json.ok(
                            res,
                            Json.object()
                                    .put("name", "Tether")
                                    .put("message", "Tether is running; the web page is not part of this build.")
                                    .put("docs", "/docs")
                                    .put("openapi", "/openapi")));
        }
    }
}
