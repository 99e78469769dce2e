package dev.tether.engine.llamacpp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which model architectures ({@code general.architecture}) each engine runs. The embedded binding's list is fixed
 * (llama.cpp b4916); llama-server's comes from the source of the version Tether builds, and a version Tether does
 * not know (a newer release) is taken to run at least that list. Both lists are resources with their source noted.
 */
public final class EngineArchitectures {

    private static final Set<String> EMBEDDED = load("embedded-architectures.txt");
    private static final Set<String> LLAMA_SERVER = load("llama-server-architectures.txt");

    private EngineArchitectures() {}

    public static Set<String> embedded() {
        return EMBEDDED;
    }

    /** What a llama-server whose {@code --version} says {@code version} runs. */
    public static Set<String> llamaServer(String version) {
        return LLAMA_SERVER;
    }

    private static Set<String> load(String resource) {
        try (InputStream in = EngineArchitectures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Set<String> names = new LinkedHashSet<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(names::add);
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
