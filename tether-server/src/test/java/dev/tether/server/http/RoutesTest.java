package dev.tether.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A route table serves its handlers and answers each path's other methods with 405 and that path's methods. */
class RoutesTest {

    static WebServer server;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> Routes.on(routing)
                        .delete("/things", (req, res) -> res.send("deleted"))
                        .post("/things", (req, res) -> res.send("posted"))
                        .get("/things", (req, res) -> res.send("listed"))
                        .patch("/things/{id}", (req, res) -> res.send("patched"))
                        .otherMethodsNotAllowed())
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void servesEachRegisteredMethod() throws Exception {
        assertThat(send("GET", "/things").body()).isEqualTo("listed");
        assertThat(send("POST", "/things").body()).isEqualTo("posted");
        assertThat(send("DELETE", "/things").body()).isEqualTo("deleted");
        assertThat(send("PATCH", "/things/7").body()).isEqualTo("patched");
    }

    @Test
    void otherMethodsAre405WithThePathsMethodsInAFixedOrder() throws Exception {
        HttpResponse<String> put = send("PUT", "/things");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST, DELETE");
        assertThat(put.body()).contains("method_not_allowed").contains("PUT is not allowed on /things");
        HttpResponse<String> get = send("GET", "/things/7");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("PATCH");
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
