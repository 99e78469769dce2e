package dev.tether.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Parsing helpers for tests. */
final class TestJson {

    private TestJson() {}

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
