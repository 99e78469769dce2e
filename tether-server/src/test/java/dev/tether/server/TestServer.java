package dev.tether.server;

import dev.tether.engine.Engine;
import dev.tether.engine.config.TetherConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Tether server for a test: a config file and a script in {@code dir}, a SQLite file there, the engine,
 * and the HTTP server on a free loopback port.
 */
public final class TestServer implements AutoCloseable {

    /** A script that answers "time" with a tool call, "slow" slowly, and anything else with two chunks. */
    public static final String SCRIPT = """
            models: [scripted, other]
            chunk_delay_ms: 0
            rules:
              - on: user
                match: "(?i)time"
                chunks: ["Let me check. ", "<<function_call>> {\\"name\\": \\"get_current_time\\",", " \\"arguments\\": {\\"timezone\\": \\"UTC\\"}}"]
              - on: tool
                match: ".*"
                chunks: ["It is ", "now."]
              - on: user
                match: ".*"
                chunks: ["Hello ", "there", "!"]
            """;

    public final Path dir;
    public final Engine engine;
    public final TetherServer server;
    public final Http http;

    private TestServer(Path dir, Engine engine, TetherServer server) {
        this.dir = dir;
        this.engine = engine;
        this.server = server;
        this.http = new Http("http://127.0.0.1:" + server.port());
    }

    /** Starts with the default script and no extra settings. */
    public static TestServer start(Path dir) {
        return start(dir, "scripted", SCRIPT, "");
    }

    /**
     * @param provider  the provider's {@code impl}
     * @param script    the script file's YAML
     * @param extraYaml more top-level YAML (server, limits …), appended to the config file
     */
    public static TestServer start(Path dir, String provider, String script, String extraYaml) {
        return start(dir, provider, script, extraYaml, Optional.empty());
    }

    /** As above, with exactly {@code mounts} beside the core API (empty: the standard ones). */
    public static TestServer start(
            Path dir, String provider, String script, String extraYaml, Optional<List<TetherServer.Mount>> mounts) {
        try {
            Path scriptFile = dir.resolve("script.yml");
            Files.writeString(scriptFile, script);
            Path config = dir.resolve("tether.yml");
            Files.writeString(config, """
                    host: 127.0.0.1
                    port: 0
                    data_dir: "%s"
                    providers:
                      model:
                        impl: %s
                        args: { script: "%s" }
                      session_store: { url: "jdbc:sqlite:%s" }
                    %s
                    """.formatted(
                    yamlPath(dir), provider, yamlPath(scriptFile), yamlPath(dir.resolve("tether.db")), extraYaml));
            TetherConfig settings = TetherConfig.load(Optional.of(config), Map.of(), name -> null);
            Engine engine = Engine.start(settings, name -> null);
            try {
                TetherServer server =
                        mounts.map(m -> new TetherServer(engine, m)).orElseGet(() -> new TetherServer(engine));
                return new TestServer(dir, engine, server.start());
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String yamlPath(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "/");
    }

    /** Creates a session and returns its id. */
    public String newSession() {
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
