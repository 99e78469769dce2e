package dev.tether.engine.llamacpp;

import dev.tether.engine.EngineException;
import dev.tether.config.ConfigException;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.TextModelProvider;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import dev.tether.engine.template.ChatTemplate;
import dev.tether.engine.template.ModelFamily;
import io.helidon.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Local GGUF models on llama.cpp ({@code de.kherud:llama}). Every {@code *.gguf} under {@code dist_root} is a model;
 * each loaded model runs in its own {@link EngineWorker} process, started on first use and ended by
 * {@link #unload}, by {@code keep_alive} idle expiry, by {@link #close} and at JVM exit.
 */
public final class LlamaCppProvider implements TextModelProvider {

    private static final Logger LOG = Logger.getLogger(LlamaCppProvider.class.getName());
    static final String NAME = "llamacpp";

    private final LlamaSettings settings;
    private final ModelCatalog catalog;
    private final Map<String, LoadedModel> models = new ConcurrentHashMap<>();
    private final ScheduledExecutorService janitor;
    private final Thread shutdownHook;

    public LlamaCppProvider(Config args) {
        this.settings = LlamaSettings.from(args);
        this.catalog = new ModelCatalog(settings);
        if (!settings.toolFormat().equals("auto")) {
            try {
                ToolFormats.byName(settings.toolFormat());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(LlamaSettings.KEY + ".tool_format", e.getMessage());
            }
        }
        settings.nativeLibPath().ifPresent(p -> {
            if (!Files.isDirectory(p)) {
                throw new ConfigException(LlamaSettings.KEY + ".native_lib_path", "not a directory: " + p);
            }
        });
        this.janitor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("llamacpp-keep-alive").unstarted(r));
        if (!settings.keepAlive().isNegative()) {
            janitor.scheduleWithFixedDelay(this::expireIdle, 1, 1, TimeUnit.SECONDS);
        }
        this.shutdownHook = Thread.ofPlatform().unstarted(this::unloadAll);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // read every header now, so a broken file is named at start-up and not on the first chat
        catalog.entries().stream().filter(e -> e.header().isEmpty())
                .forEach(e -> LOG.warning(() -> "model " + e.name() + " (" + e.file() + ") cannot be served: "
                        + e.problem()));
    }

    /** Not ready while the default model (the configured one, or the first found) has an unreadable header. */
    @Override
    public boolean ready() {
        return catalog.entries().stream().findFirst().map(e -> e.header().isPresent()).orElse(true);
    }

    @Override
    public List<ModelInfo> models() {
        List<ModelInfo> list = new ArrayList<>();
        for (ModelCatalog.Entry e : catalog.entries()) {
            Map<String, Object> details = e.header().map(GgufHeader::details)
                    .orElseGet(() -> Map.of("error", e.problem()));
            LoadedModel loaded = models.get(e.name());
            list.add(new ModelInfo(e.name(), NAME, loaded != null && loaded.loaded(), details));
        }
        return list;
    }

    @Override
    public ToolFormat toolFormat(String model) {
        String name = settings.toolFormat().equals("auto") ? model(model, false).template().toolFormat()
                : settings.toolFormat();
        try {
            return ToolFormats.byName(name);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "tool format " + name + " of " + model + " is not available; using seed");
            return ToolFormats.seed();
        }
    }

    @Override
    public boolean serves(String name) {
        return catalog.contains(name);
    }

    @Override
    public GenerationResult generateText(GenerationRequest request, Consumer<String> chunks) {
        return model(request.model(), true).generate(request, chunks);
    }

    @Override
    public boolean unload(String model) {
        LoadedModel loaded = models.get(model);
        return loaded != null && loaded.unload();
    }

    @Override
    public void close() {
        janitor.shutdownNow();
        unloadAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    /** The worker process id of {@code model} while it is loaded (for tests and diagnostics). */
    OptionalLong workerPid(String model) {
        LoadedModel loaded = models.get(model);
        return loaded == null ? OptionalLong.empty() : loaded.workerPid();
    }

    Optional<LoadedModel> loadedModel(String model) {
        return Optional.ofNullable(models.get(model));
    }

    private LoadedModel model(String name, boolean forGeneration) {
        LoadedModel known = models.get(name);
        if (known != null) {
            return known;
        }
        ModelCatalog.Entry entry = catalog.find(name)
                .orElseThrow(() -> EngineException.notFound("model_not_found", "unknown model: " + name));
        if (entry.header().isEmpty()) {
            throw EngineException.unavailable("model_unreadable", name + ": " + entry.problem());
        }
        return models.computeIfAbsent(name, n -> new LoadedModel(entry, template(entry.header().get()), settings));
    }

    private ChatTemplate template(GgufHeader header) {
        String bos = header.token("tokenizer.ggml.bos_token_id").orElse("");
        String eos = header.token("tokenizer.ggml.eos_token_id").orElse("");
        Optional<String> override = settings.chatTemplate();
        if (override.isEmpty()) {
            return ChatTemplate.fromGguf(header.chatTemplate().orElse(null), bos, eos);
        }
        String value = override.get();
        for (ModelFamily family : ModelFamily.values()) {
            if (family.name().equals(value.toUpperCase(Locale.ROOT))) {
                return ChatTemplate.builtIn(family, bos, eos);
            }
        }
        Path file = Path.of(value.length() < 4096 && !value.contains("{") ? value : ".");
        if (!value.contains("{") && Files.isRegularFile(file)) {
            try {
                return ChatTemplate.fromGguf(Files.readString(file), bos, eos);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ChatTemplate.fromGguf(value, bos, eos);
    }

    private void expireIdle() {
        models.values().forEach(m -> {
            if (m.expireIfIdle(settings.keepAlive())) {
                LOG.info(() -> "unloaded " + m.name() + " after " + settings.keepAlive().toSeconds() + " s idle");
            }
        });
    }

    private void unloadAll() {
        models.values().forEach(LoadedModel::unload);
    }
}
