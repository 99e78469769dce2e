package dev.tether.server.faults;

import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import dev.tether.server.Http;
import dev.tether.server.TetherServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A server in this JVM from a whole config file written by the test (its own store URL, its own environment). */
record Started(Engine engine, TetherServer server, Http http) implements AutoCloseable {

    static Started start(Path dir, String configYaml, Function<String, String> environment) throws IOException {
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, configYaml);
        Engine engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), environment), environment);
        try {
            TetherServer server = new TetherServer(engine).start();
            return new Started(engine, server, new Http("http://127.0.0.1:" + server.port()));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    String newSession() {
        return http.post("/sessions", "{}").json().get("session_id").asText();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            engine.close();
        }
    }
}
