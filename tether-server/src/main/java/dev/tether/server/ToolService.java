package dev.tether.server;

import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /tools}: the enabled tools with their generated JSON Schemas, unavailable ones with the reason. */
final class ToolService implements HttpService {

    private final ToolRegistry tools;

    ToolService(ToolRegistry tools) {
        this.tools = tools;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/tools", this::list);
        Routes.otherMethods(rules, "/tools", "GET");
    }

    private void list(ServerRequest req, ServerResponse res) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ToolSpec spec : tools.specs()) {
            out.addObject().put("name", spec.name()).put("description", spec.description())
                    .put("available", true).set("parameters", spec.inputSchema());
        }
        // enabled tools that cannot work here (a missing API key, no folders configured) are listed with the reason
        tools.unavailable().forEach((name, reason) -> {
            var entry = out.addObject().put("name", name).put("description", "unavailable: " + reason)
                    .put("available", false).put("reason", reason);
            entry.putObject("parameters").put("type", "object").putObject("properties");
        });
        Json.ok(res, out);
    }
}
