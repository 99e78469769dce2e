package dev.tether.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Small routing helpers shared by the services. */
public final class Routes {

    /** The order methods are listed in an {@code Allow} header. */
    private static final List<Method> ALLOW_ORDER =
            List.of(Method.GET, Method.POST, Method.PUT, Method.PATCH, Method.DELETE);

    private Routes() {}

    /**
     * Registers a service's routes on {@code rules}; {@link Table#otherMethodsNotAllowed()}, called last, answers
     * every other method on those paths with 405 and the methods each path has.
     */
    public static Table on(HttpRules rules) {
        return new Table(rules);
    }

    /** Answers any other method on {@code path} with 405 and an {@code Allow} header; register it last. */
    private static void otherMethods(HttpRules rules, String path, String allowed) {
        rules.any(path, methodNotAllowed(allowed));
    }

    private static Handler methodNotAllowed(String allowed) {
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

    /** The routes of one service, registered in the order given, with the methods of each path remembered. */
    public static final class Table {

        private final HttpRules rules;
        private final Map<String, List<Method>> methods = new LinkedHashMap<>();

        private Table(HttpRules rules) {
            this.rules = rules;
        }

        public Table get(String path, Handler handler) {
            return route(Method.GET, path, handler);
        }

        public Table post(String path, Handler handler) {
            return route(Method.POST, path, handler);
        }

        public Table patch(String path, Handler handler) {
            return route(Method.PATCH, path, handler);
        }

        public Table delete(String path, Handler handler) {
            return route(Method.DELETE, path, handler);
        }

        private Table route(Method method, String path, Handler handler) {
            rules.route(method, path, handler);
            methods.computeIfAbsent(path, p -> new ArrayList<>()).add(method);
            return this;
        }

        /** Registers, for each path in the order first given, a 405 for the methods it does not have. */
        public void otherMethodsNotAllowed() {
            methods.forEach((path, allowed) -> otherMethods(
                    rules,
                    path,
                    ALLOW_ORDER.stream()
                            .filter(allowed::contains)
                            .map(Method::text)
                            .collect(Collectors.joining(", "))));
        }
    }
}
