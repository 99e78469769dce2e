package dev.tether.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tether.engine.tool.ToolRegistry;
import dev.tether.engine.tool.ToolSpec;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /tools}: the enabled tools with their generated JSON Schemas. */
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
                    .set("parameters", spec.inputSchema());
        }
        Json.ok(res, out);
    }
}
