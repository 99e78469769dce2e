package dev.tether.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

/** Small routing helpers shared by the services. */
public final class Routes {

    private Routes() {}

    /** Answers any other method on {@code path} with 405 and an {@code Allow} header; register it last. */
    public static void otherMethods(HttpRules rules, String path, String allowed) {
        rules.any(path, methodNotAllowed(allowed));
    }

    public static Handler methodNotAllowed(String allowed) {
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allowed);
            Errors.send(
                    res,
                    Status.METHOD_NOT_ALLOWED_405,
                    "method_not_allowed",
                    req.prologue().method().text() + " is not allowed on "
                            + req.path().rawPath() + " (allowed: " + allowed + ")");
        };
    }
}
