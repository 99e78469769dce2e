package dev.tether.engine;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.config.TetherConfig.ProviderSettings;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.scripted.ScriptedProvider;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Builds the configured providers: {@code impl} is a short name or a class with a public constructor taking its
 * {@code args} {@link Config}. A llama.cpp provider with no model to serve yet is joined by the scripted demo model.
 */
public final class ProviderFactory {

    private static final Logger LOG = Logger.getLogger(ProviderFactory.class.getName());

    private static final Map<String, String> SHORT_NAMES = Map.of(
            "scripted", ScriptedProvider.class.getName(),
            "llamacpp", "dev.tether.engine.llamacpp.LlamaCppProvider",
            "ollama", "dev.tether.engine.remote.OllamaProvider",
            "openai", "dev.tether.engine.remote.OpenAiProvider");

    /** The node providers name in their own config errors. */
    private static final String MAIN_PROVIDER = "providers.model";

    private ProviderFactory() {}

    public static ModelRouter create(List<ProviderSettings> settings) {
        List<ModelProvider> providers = new ArrayList<>();
        try {
            for (ProviderSettings s : settings) {
                if (s.impl().equals("llamacpp") && !hasLocalModel(s.args())) {
                    providers.addAll(withDemo(s));
                } else {
                    providers.add(create(s));
                }
            }
        } catch (RuntimeException e) {
            providers.forEach(ModelProvider::close);
            throw e;
        }
        return new ModelRouter(providers);
    }

    /**
     * No model yet: the llama.cpp provider, which serves a GGUF as soon as one lands in {@code dist_root} (a pull),
     * then the demo model. The order makes a pulled model the default while "demo" keeps answering. A llama.cpp
     * setting that cannot start without a model (no llama-server where one is required) leaves the demo alone.
     */
    private static List<ModelProvider> withDemo(ProviderSettings s) {
        LOG.info("No GGUF model configured or found in " + distRoot(s.args()) + "; serving the scripted demo model "
                + "'demo' until one is there (./tether pull OWNER/REPO, the web page's \"Get a model\", or "
                + "--model PATH).");
        try {
            return List.of(create(s), demo());
        } catch (ConfigException e) {
            LOG.warning("models put into " + distRoot(s.args()) + " will be served only after a restart: "
                    + e.getMessage());
            return List.of(demo());
        }
    }

    static ModelProvider create(ProviderSettings s) {
        String className = SHORT_NAMES.getOrDefault(s.impl(), s.impl());
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(
                    s.key() + ".impl",
                    "unknown provider '" + s.impl()
                            + "' (expected one of "
                            + String.join(
                                    ", ", SHORT_NAMES.keySet().stream().sorted().toList())
                            + " or a class name on the classpath)");
        }
        if (!ModelProvider.class.isAssignableFrom(type)) {
            throw new ConfigException(s.key() + ".impl", className + " is not a " + ModelProvider.class.getName());
        }
        try {
            return (ModelProvider) type.getConstructor(Config.class).newInstance(s.args());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ConfigException ce) {
                throw ce.relocated(MAIN_PROVIDER, s.key());
            }
            throw new ConfigException(
                    s.key(),
                    "provider " + s.impl() + " failed to start: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(s.key() + ".impl", className + " has no public constructor taking its args");
        }
    }

    /** The scripted model served when there is nothing else. */
    public static ModelProvider demo() {
        return new ScriptedProvider(Config.just(ConfigSources.create(Map.of("script", "classpath:demo-script.yml"))));
    }

    private static boolean hasLocalModel(Config args) {
        if (args.get("model").exists() || args.get("model_name").exists()) {
            return true;
        }
        Path root = distRoot(args);
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(root, 4)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(p));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static Path distRoot(Config args) {
        return Path.of(args.get("dist_root").asString().orElse("dist"));
    }
}
