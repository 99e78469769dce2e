package dev.tether.server;

import dev.tether.engine.Engine;
import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /healthz} (the process answers), {@code /readyz} (store and providers answer), {@code /metrics}. */
final class HealthService implements HttpService {

    private final Engine engine;
    private final Metrics metrics;

    HealthService(Engine engine, Metrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/healthz", (req, res) -> Json.ok(res, Json.object().put("ok", true)))
                .get("/readyz", this::ready)
                .get("/metrics", this::metrics)
                .otherMethodsNotAllowed();
    }

    private void ready(ServerRequest req, ServerResponse res) {
        boolean store = check(() -> engine.store().healthy());
        boolean provider = check(() -> engine.models().ready());
        boolean ready = store && provider;
        Json.send(
                res,
                ready ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                Json.object().put("ready", ready).put("store", store).put("provider", provider));
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(metrics.scrape());
    }

    private static boolean check(java.util.function.BooleanSupplier probe) {
        try {
            return probe.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
