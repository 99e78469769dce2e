package dev.tether.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import dev.tether.tool.DisabledTool;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import dev.tether.tool.external.ExternalToolSource;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /tools}: the enabled tools with their generated JSON Schemas, then the enabled but unavailable ones and
 * the disabled ones, each with the reason and how to enable it ({@code "available": false}).
 */
final class ToolService implements HttpService {

    private final ToolRegistry tools;

    ToolService(ToolRegistry tools) {
        this.tools = tools;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules).get("/tools", this::list).otherMethodsNotAllowed();
    }

    private void list(ServerRequest req, ServerResponse res) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ToolSpec spec : tools.specs()) {
            var entry = out.addObject()
                    .put("name", spec.name())
                    .put("description", spec.description())
                    .put("available", true)
                    .put("enabled", true);
            tools.external(spec.name())
                    .ifPresent(
                            external -> entry.put("source", external.source()).put("state", "running"));
            entry.set("parameters", spec.inputSchema());
        }
        // an MCP server that cannot run offers no tools: it is listed itself, with the reason
        for (ExternalToolSource source : tools.sources()) {
            if (source.state().isFailed()) {
                var entry = out.addObject()
                        .put("name", source.toolPrefix() + "*")
                        .put(
                                "description",
                                source.name() + " cannot run: " + source.state().reason())
                        .put("available", false)
                        .put("enabled", true)
                        .put("source", source.name())
                        .put("state", source.state().state())
                        .put("reason", source.state().reason());
                entry.putObject("parameters").put("type", "object").putObject("properties");
            }
        }
        // enabled tools that cannot work here (a missing API key, no folders configured) are listed with the reason
        tools.unavailable().forEach((name, reason) -> {
            var entry = out.addObject()
                    .put("name", name)
                    .put("description", "unavailable: " + reason)
                    .put("available", false)
                    .put("enabled", true)
                    .put("reason", reason);
            tools.howToEnable(name).ifPresent(how -> entry.put("how_to_enable", how));
            entry.putObject("parameters").put("type", "object").putObject("properties");
        });
        // then the tools Tether has but the configuration leaves out, with the change that offers them
        for (DisabledTool tool : tools.disabled()) {
            var entry = out.addObject()
                    .put("name", tool.name())
                    .put("description", tool.description())
                    .put("available", false)
                    .put("enabled", false)
                    .put("reason", "disabled: not in tools.enabled")
                    .put("how_to_enable", tool.howToEnable())
                    .put("settings", tool.settings());
            entry.putObject("parameters").put("type", "object").putObject("properties");
        }
        Json.ok(res, out);
    }
}
