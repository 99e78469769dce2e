package dev.tether.engine.llamacpp;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.Embeddings;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.PromptRequest;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import dev.tether.engine.parse.ToolInstructions;
import dev.tether.engine.template.ChatTemplate;
import dev.tether.engine.template.ModelFamily;
import io.helidon.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Local GGUF models on llama.cpp. Every {@code *.gguf} under {@code dist_root} is a model; each loaded model runs in
 * its own process, started on first use and ended by {@link #unload}, by {@code keep_alive} idle expiry, by
 * {@link #close} and at JVM exit. Two engines ({@code engine}): llama.cpp's own {@code llama-server}
 * ({@link LlamaServerModel}: current architectures, GPU builds, typed tool calls) and the embedded binding
 * ({@link EmbeddedModel}, the zero-install fallback); {@code auto} takes llama-server when one is found.
 */
public final class LlamaCppProvider implements ModelProvider {

    private static final Logger LOG = Logger.getLogger(LlamaCppProvider.class.getName());
    static final String NAME = "llamacpp";

    private final LlamaSettings settings;
    private final GgufFiles catalog;
    private final Function<String, String> environment;
    private final Path dataDir;
    /** The llama-server found at start-up; a later install or removal changes what the next load uses. */
    private final Optional<Path> startupServer;

    private final Map<String, LoadedModel> models = new ConcurrentHashMap<>();
    private final LoadedModelCap cap;
    private final ScheduledExecutorService janitor;
    private final Thread shutdownHook;
    private final SessionCacheFiles caches;

    public LlamaCppProvider(Config args) {
        this(args, System::getenv);
    }

    LlamaCppProvider(Config args, Function<String, String> environment) {
        this.settings = LlamaSettings.from(args);
        this.cap = LoadedModelCap.from(args);
        this.catalog = new GgufFiles(settings, GgufLimits.from(args));
        this.environment = environment;
        this.dataDir = EngineCatalog.dataDir(args);
        this.startupServer = chooseEngine(settings, dataDir, environment);
        this.caches = new SessionCacheFiles(dataDir, SessionCacheFiles.budget(dataDir, settings.kvCacheMaxGb()));
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
        this.janitor = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("llamacpp-keep-alive").unstarted(r));
        if (!settings.keepAlive().isNegative()) {
            janitor.scheduleWithFixedDelay(this::expireIdle, 1, 1, TimeUnit.SECONDS);
        }
        this.shutdownHook = Thread.ofPlatform().unstarted(this::unloadAll);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // read every header now, so a broken file is named at start-up and not on the first chat
        catalog.entries().stream()
                .filter(e -> e.header().isEmpty())
                .forEach(e -> LOG.warning(
                        () -> "model " + e.name() + " (" + e.file() + ") cannot be served: " + e.problem()));
    }

    /** Not ready while the default model (the configured one, or the first found) has an unreadable header. */
    @Override
    public boolean ready() {
        return catalog.entries().stream()
                .findFirst()
                .map(e -> e.header().isPresent())
                .orElse(true);
    }

    /** The llama-server executable when that engine runs the models; empty for the embedded engine. */
    private static Optional<Path> chooseEngine(
            LlamaSettings settings, Path dataDir, Function<String, String> environment) {
        if (settings.engine() == LlamaSettings.Engine.EMBEDDED) {
            return Optional.empty();
        }
        Optional<Path> found =
                LlamaServerBinary.find(settings.llamaServer(), dataDir, settings.distRoot(), environment);
        if (found.isEmpty()
                && (settings.engine() == LlamaSettings.Engine.LLAMA_SERVER
                        || settings.llamaServer().isPresent())) {
            String where = settings.llamaServer()
                    .map(p -> p + " is not an executable file")
                    .orElse("no llama-server found");
            throw new ConfigException(
                    LlamaSettings.KEY + (settings.llamaServer().isPresent() ? ".llama_server" : ".engine"),
                    where + "; " + LlamaServerBinary.howToInstall() + " (or set engine: embedded)");
        }
        found.ifPresentOrElse(
                p -> LOG.info(() -> "llamacpp engine: llama-server " + p),
                () -> LOG.info("llamacpp engine: embedded (no llama-server found)"));
        return found;
    }

    /**
     * The llama-server the next load uses: looked for again each time (a few file checks), so an engine installed
     * while Tether runs serves the next model loaded; one found at start-up stays the fallback if it disappears.
     */
    private Optional<Path> llamaServer() {
        if (settings.engine() == LlamaSettings.Engine.EMBEDDED) {
            return Optional.empty();
        }
        return LlamaServerBinary.find(settings.llamaServer(), dataDir, settings.distRoot(), environment)
                .or(() -> startupServer);
    }

    /** {@code llama-server} or {@code embedded}. */
    String engine() {
        return llamaServer().isPresent() ? "llama-server" : "embedded";
    }

    @Override
    public List<ModelInfo> models() {
        List<ModelInfo> list = new ArrayList<>();
        for (GgufFiles.Entry e : catalog.entries()) {
            LoadedModel loaded = models.get(e.name());
            Map<String, Object> details = new LinkedHashMap<>(
                    e.header().map(GgufHeader::details).orElseGet(() -> Map.of("error", e.problem())));
            if (e.header().isPresent()) {
                details.putAll(loaded != null ? loaded.engineDetails() : engineDetails());
                details.put("state", (loaded != null ? loaded.state() : ProcessState.ABSENT).wireName());
                details.put("kind", pooling(e).isPresent() ? ModelInfo.EMBEDDING : "chat");
                pooling(e).ifPresent(p -> details.put("pooling", p));
            }
            list.add(new ModelInfo(e.name(), NAME, loaded != null && loaded.loaded(), details));
        }
        return list;
    }

    /** The engine of a model not used yet. */
    private Map<String, Object> engineDetails() {
        return llamaServer()
                .map(p -> LlamaServerModel.details(LlamaServerBinary.describe(p), settings))
                .orElseGet(() -> EmbeddedModel.details(settings));
    }

    /** The tool-call format the embedded engine would teach {@code model} (llama-server uses the template's own). */
    ToolFormat toolFormat(String model) {
        GgufFiles.Entry entry = entry(model);
        return embedded(entry).toolFormat();
    }

    @Override
    public boolean serves(String name) {
        return catalog.contains(name);
    }

    /**
     * The pooling of an embedding model: what its header says (a pooling type, or an encoder architecture), else
     * {@code mean} for one named in {@code embedding_models}; empty for a chat model.
     */
    private Optional<String> pooling(GgufFiles.Entry entry) {
        Optional<String> declared = entry.header().flatMap(GgufHeader::pooling);
        if (declared.isPresent() || !settings.embeddingModels().contains(entry.name())) {
            return declared;
        }
        return Optional.of("mean");
    }

    static EngineException notForChat(String model) {
        return new EngineException(
                ErrorCode.NOT_A_CHAT_MODEL,
                model + " is an embedding model; it makes embeddings (POST /v1/embeddings)" + " and cannot chat");
    }

    /** Rejects chat with an embedding model before any engine starts. */
    private void requireChat(String model) {
        if (catalog.find(model).flatMap(e -> pooling(e)).isPresent()) {
            throw notForChat(model);
        }
    }

    @Override
    public Embeddings embed(String model, List<String> inputs) {
        GgufFiles.Entry entry = entry(model);
        if (pooling(entry).isEmpty()) {
            throw new EngineException(
                    ErrorCode.NOT_AN_EMBEDDING_MODEL,
                    model + " is a chat model, not an embedding model (name it in embedding_models if it is one)");
        }
        if (!(engineModel(model) instanceof LlamaServerModel server)) {
            throw new EngineException(
                    ErrorCode.EMBEDDINGS_UNSUPPORTED,
                    "the embedded engine computes no embeddings; " + LlamaServerBinary.howToInstall()
                            + " (engine: llama-server)");
        }
        try (LoadedModelCap.Use use = cap.use(server.name(), models)) {
            return server.embed(inputs);
        }
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
        requireChat(request.model());
        LoadedModel model = engineModel(request.model());
        try (LoadedModelCap.Use use = cap.use(model.name(), models)) {
            return model.generate(request, events);
        }
    }

    /** The embedded engine's raw text for {@code prompted} (whose system message teaches the tools already). */
    GenerationResult generateText(GenerationRequest prompted, Consumer<String> chunks) {
        requireChat(prompted.model());
        if (engineModel(prompted.model()) instanceof EmbeddedModel embedded) {
            try (LoadedModelCap.Use use = cap.use(embedded.name(), models)) {
                return embedded.generateText(prompted, chunks);
            }
        }
        throw new IllegalStateException(prompted.model() + " runs on llama-server, which writes typed output");
    }

    /**
     * The exact prompt {@code model}'s engine runs for this conversation: llama-server renders it with the model's
     * own template ({@code /apply-template}, loading the model if needed); the embedded engine with Tether's, the
     * tools taught in the system message as {@code generate} does.
     */
    @Override
    public String renderPrompt(String model, PromptRequest request) {
        requireChat(model);
        return switch (engineModel(model)) {
            case LlamaServerModel server -> {
                // llama-server renders with the loaded model: that load counts against max_loaded_models
                try (LoadedModelCap.Use use = cap.use(server.name(), models)) {
                    yield server.renderPrompt(request.messages(), request.tools(), request.addGenerationPrompt());
                }
            }
            case EmbeddedModel embedded -> embedded.renderPrompt(taught(embedded.toolFormat(), request));
            default -> throw new IllegalStateException("unknown engine");
        };
    }

    /** {@code request} with the tools taught in a system message, as a text engine is prompted. */
    private static PromptRequest taught(ToolFormat format, PromptRequest request) {
        List<Message> messages = request.messages();
        boolean teaches = !request.tools().isEmpty()
                && !format.toolInstructions(request.tools()).isBlank();
        if (teaches && messages.getFirst().role() != Role.SYSTEM) {
            messages = new ArrayList<>(messages);
            messages.addFirst(Message.system(""));
        }
        messages = ToolInstructions.teach(messages, format, request.tools(), ChatOptions.DEFAULT);
        return new PromptRequest(messages, request.tools(), request.addGenerationPrompt());
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

    /** The engine process id of {@code model} while it is loaded (for tests and diagnostics). */
    OptionalLong workerPid(String model) {
        LoadedModel loaded = models.get(model);
        return loaded == null ? OptionalLong.empty() : loaded.workerPid();
    }

    Optional<LoadedModel> loadedModel(String model) {
        return Optional.ofNullable(models.get(model));
    }

    /** The model, created (not loaded) on first ask. */
    LoadedModel engineModel(String name) {
        LoadedModel known = models.get(name);
        if (known != null && !(known instanceof EmbeddedModel idle && !idle.loaded())) {
            return known; // a llama-server model asks for its executable again at its next start
        }
        Optional<Path> server = llamaServer();
        if (known != null && (server.isEmpty() || !models.remove(name, known))) {
            return known;
        }
        // new, or idle on the embedded engine while a llama-server has been installed since: the next load uses it
        GgufFiles.Entry entry = entry(name);
        return models.computeIfAbsent(
                name,
                n -> server.<LoadedModel>map(
                                p -> new LlamaServerModel(entry, settings, this::currentBinary, pooling(entry), caches))
                        .orElseGet(() -> embedded(entry)));
    }

    /** The llama-server a model's next start uses. */
    private LlamaServerBinary currentBinary() {
        return LlamaServerBinary.describe(llamaServer()
                .orElseThrow(() -> new EngineException(
                        ErrorCode.ENGINE_START_FAILED,
                        "no llama-server found any more; " + LlamaServerBinary.howToInstall())));
    }

    private GgufFiles.Entry entry(String name) {
        GgufFiles.Entry entry = catalog.find(name)
                .orElseThrow(() -> new EngineException(ErrorCode.MODEL_NOT_FOUND, "unknown model: " + name));
        if (entry.header().isEmpty()) {
            throw new EngineException(ErrorCode.MODEL_UNREADABLE, name + ": " + entry.problem());
        }
        return entry;
    }

    private EmbeddedModel embedded(GgufFiles.Entry entry) {
        LoadedModel known = models.get(entry.name());
        if (known instanceof EmbeddedModel e) {
            return e;
        }
        GgufHeader header = entry.header().orElseThrow();
        return new EmbeddedModel(
                entry,
                new EmbeddedPrompt(header, template(header), PromptFitter.sequenceContext(settings.nCtx(), header)),
                settings);
    }

    private ChatTemplate template(GgufHeader header) {
        String bos = header.token("tokenizer.ggml.bos_token_id").orElse("");
        String eos = header.token("tokenizer.ggml.eos_token_id").orElse("");
        Optional<String> override = settings.chatTemplate();
        if (override.isEmpty()) {
            return ChatTemplate.fromGguf(header.chatTemplate().orElse(null), bos, eos, settings.templateLimits());
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
                return ChatTemplate.fromGguf(Files.readString(file), bos, eos, settings.templateLimits());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ChatTemplate.fromGguf(value, bos, eos, settings.templateLimits());
    }

    private void expireIdle() {
        models.values().forEach(m -> {
            if (m.expireIfIdle(settings.keepAlive())) {
                LOG.info(() -> "unloaded " + m.name() + " after "
                        + settings.keepAlive().toSeconds() + " s idle");
            }
        });
    }

    private void unloadAll() {
        models.values().forEach(LoadedModel::unload);
    }
}
