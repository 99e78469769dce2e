package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.AdmissionQueue;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.PromptRequest;
import dev.tether.engine.parse.TextModelProvider;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One model on the embedded engine: an {@link EngineWorker} process running the bundled llama.cpp binding. The
 * model writes text; tools are taught in its {@link ToolFormat} and its text parsed ({@link TextModelProvider}).
 */
final class EmbeddedModel implements LoadedModel {

    private static final Logger LOG = Logger.getLogger(EmbeddedModel.class.getName());
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);
    /** The llama.cpp release the binding ({@code de.kherud:llama 4.2.0}) was built from. */
    static final String LLAMA_CPP_RELEASE = "b4916 (March 2025)";

    private final GgufFiles.Entry entry;
    private final GgufHeader header;
    private final EmbeddedPrompt prompt;
    private final LlamaSettings settings;
    private final SlotGate gate;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger lastTokensAfterCancel = new AtomicInteger();
    private volatile WorkerProcess worker;
    private volatile String loadError;
    private volatile long lastUsed = System.nanoTime();

    EmbeddedModel(GgufFiles.Entry entry, EmbeddedPrompt prompt, LlamaSettings settings) {
        this.entry = entry;
        this.header = entry.header().orElseThrow();
        this.prompt = prompt;
        this.settings = settings;
        this.gate = new SlotGate(settings.parallel(), settings.maxQueued());
    }

    /** The tool-call format the model writes: configured, else its template's. */
    ToolFormat toolFormat() {
        if (settings.toolFormat().equals("auto")) {
            return prompt.template().toolFormat();
        }
        try {
            return ToolFormats.byName(settings.toolFormat());
        } catch (IllegalArgumentException e) {
            LOG.warning(
                    () -> "tool format " + settings.toolFormat() + " of " + name() + " is not available; using seed");
            return ToolFormats.SEED;
        }
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
        return TextModelProvider.generateAsText(request, events, toolFormat(), this::generateText);
    }

    /** Streams the raw text for {@code request}, whose system message already teaches the tools. */
    GenerationResult generateText(GenerationRequest request, Consumer<String> chunks) {
        try (AdmissionQueue.Slot admitted = gate.enter(request.cancel())) {
            if (!admitted.held()) {
                return new GenerationResult(FinishReason.CANCELLED, Usage.ZERO);
            }
            active.incrementAndGet();
            try {
                return run(worker(), request, chunks);
            } finally {
                active.decrementAndGet();
                lastUsed = System.nanoTime();
            }
        }
    }

    private GenerationResult run(WorkerProcess process, GenerationRequest request, Consumer<String> chunks) {
        PromptFitter.Fitted fitted = prompt.fit(process, request);
        BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        long id = process.request(
                WorkerRequests.generate(
                        fitted.prompt(),
                        prompt.bosTokens(),
                        prompt.sequenceContext(),
                        request.options(),
                        prompt.stopStrings(request.options())),
                replies::add);
        request.cancel().onCancel(() -> process.cancel(id));
        try {
            // a grammar (response_format) holds from the first token, so such an answer does not think
            if (prompt.opensThinking(fitted.prompt()) && request.options().responseFormat() == null) {
                chunks.accept("<think>");
            }
            JsonNode done = WorkerRequests.stream(replies, request.cancel(), chunks);
            FinishReason reason = FinishReason.fromWire(done.path("finish").asText());
            if (reason == FinishReason.CANCELLED) {
                lastTokensAfterCancel.set(done.path("after_cancel").asInt());
            }
            Usage usage = new Usage(
                    done.path("prompt_tokens").asInt(),
                    done.path("completion_tokens").asInt(),
                    done.path("prompt_ms").asLong(),
                    done.path("generation_ms").asLong());
            return new GenerationResult(reason, usage, PromptFitter.notices(fitted, prompt.sequenceContext()));
        } finally {
            process.forget(id);
        }
    }

    private synchronized WorkerProcess worker() {
        WorkerProcess current = worker;
        if (current != null && current.alive()) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        ObjectNode load = WorkerChannel.JSON
                .createObjectNode()
                .put("model", entry.file().toAbsolutePath().toString())
                .put("n_ctx", prompt.sequenceContext() * settings.parallel())
                .put("parallel", settings.parallel())
                .put("cache_reuse", settings.cacheReuse())
                .put("threads", settings.effectiveThreads())
                .put("n_gpu_layers", settings.effectiveGpuLayers())
                .put("device", settings.deviceName());
        try {
            worker = WorkerProcess.start(
                    WorkerProcess.command(
                            settings.workerJvmOptions(),
                            settings.nativeLibPath().orElse(null)),
                    load,
                    LOAD_TIMEOUT);
        } catch (EngineException e) {
            loadError = e.getMessage() + "; the embedded engine is llama.cpp " + LLAMA_CPP_RELEASE
                    + ", which may not know the architecture '" + header.architecture() + "': "
                    + LlamaServerBinary.howToInstall() + ", then set engine: auto";
            throw new EngineException(e.errorCode(), loadError, e);
        }
        loadError = null;
        return worker;
    }

    @Override
    public synchronized boolean unload() {
        WorkerProcess current = worker;
        if (current == null) {
            return false;
        }
        boolean wasAlive = current.alive();
        current.close();
        worker = null;
        return wasAlive;
    }

    @Override
    public boolean expireIfIdle(Duration keepAlive) {
        if (worker == null || active.get() > 0 || System.nanoTime() - lastUsed < keepAlive.toNanos()) {
            return false;
        }
        synchronized (this) {
            return active.get() == 0 && unload();
        }
    }

    @Override
    public boolean loaded() {
        WorkerProcess current = worker;
        return current != null && current.alive();
    }

    @Override
    public OptionalLong workerPid() {
        WorkerProcess current = worker;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.pid());
    }

    static Map<String, Object> details(LlamaSettings settings) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", "embedded");
        details.put("llama_cpp", LLAMA_CPP_RELEASE);
        details.put("device", settings.device());
        details.put("kv_persist", false); // the binding's state save and load are not wired: caches stay in memory
        return details;
    }

    @Override
    public Map<String, Object> engineDetails() {
        Map<String, Object> details = details(settings);
        String error = loadError;
        if (error != null) {
            details.put("error", error);
        }
        return details;
    }

    /** The prompt the embedded engine runs, rendered with Tether's template for the model. */
    String renderPrompt(PromptRequest request) {
        return prompt.render(request.messages(), request.tools(), request.addGenerationPrompt());
    }

    /** The worker's process while loaded. */
    Optional<Process> workerProcess() {
        WorkerProcess current = worker;
        return current == null ? Optional.empty() : Optional.of(current.process());
    }

    /** Tokens the engine decoded after the last cancel arrived (the benchmark reports it). */
    int lastTokensAfterCancel() {
        return lastTokensAfterCancel.get();
    }

    int sequenceContext() {
        return prompt.sequenceContext();
    }

    @Override
    public String name() {
        return entry.name();
    }
}
