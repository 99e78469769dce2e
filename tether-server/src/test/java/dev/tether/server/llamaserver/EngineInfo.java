package dev.tether.server.llamaserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What {@code GET /models/{name}} tells about the llama-server engine serving a model. */
final class EngineInfo {

    private EngineInfo() {}

    /** llama-server's version ({@code llama_server_version}). */
    static String version(JsonNode info) {
        return info.path("llama_server_version").asText("");
    }

    /** The names of the devices it uses. */
    static List<String> devices(JsonNode info) {
        List<String> devices = new ArrayList<>();
        info.path("devices").forEach(d -> devices.add(d.asText()));
        return devices;
    }
}
