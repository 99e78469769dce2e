package dev.tether.server;

import dev.tether.configfile.CommandLine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The command line: {@code --config FILE} (or env TETHER_CONFIG), {@code --port N}, {@code --model PATH}. */
record Cli(Optional<Path> config, Optional<Integer> port, Optional<String> model, boolean help) {

    static final String USAGE = """
            Usage: java -jar tether-server.jar [--config FILE] [--port N] [--model PATH]
              --config FILE   YAML that overrides the built-in defaults (or env TETHER_CONFIG)
              --port N        port to listen on; 0 picks a free one (the chosen port is printed)
              --model PATH    serve this GGUF model file with llama.cpp
            Terminal client: java -jar tether-server.jar chat [--url URL] [--api-key KEY] [--session ID] [--model NAME]
            Get a model:     java -jar tether-server.jar pull OWNER/REPO[:QUANT]   e.g. pull Qwen/Qwen2.5-3B-Instruct-GGUF:Q4_K_M
            Get an engine:   java -jar tether-server.jar engine install|list|remove   (llama.cpp for this GPU)
            MCP setup:       java -jar tether-server.jar mcp config [--config FILE]   (an mcpServers block)""";

    /** Parses {@code args}; an unknown option or a bad value is an {@link IllegalArgumentException}. */
    static Cli parse(String[] args, Function<String, String> env) {
        CommandLine line = CommandLine.parse(args, Set.of("--config", "--port", "--model"), 0);
        Optional<Path> config = line.option("--config")
                .or(() -> Optional.ofNullable(env.apply("TETHER_CONFIG")).filter(s -> !s.isBlank()))
                .map(Path::of);
        return new Cli(config, line.option("--port").map(Cli::port), line.option("--model"), line.help());
    }

    /** The flat overrides {@link dev.tether.engine.config.TetherConfig#load} takes. */
    Map<String, String> overrides() {
        Map<String, String> overrides = new HashMap<>();
        port.ifPresent(p -> overrides.put("port", Integer.toString(p)));
        model.ifPresent(m -> overrides.put("model", m));
        return overrides;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, was " + text);
    }
}
