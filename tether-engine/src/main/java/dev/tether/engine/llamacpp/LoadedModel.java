package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.EngineException;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.PromptRequest;
import dev.tether.engine.template.ChatTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One model file and, while it is loaded, the worker process that runs it. The worker starts on first use and
 * again after a crash; {@link #unload} ends it. Generations beyond the worker's sequence slots wait in a bounded
 * line ({@link SlotGate}).
 */
final class LoadedModel {

    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);

    private final String name;
    private final ModelCatalog.Entry entry;
    private final GgufHeader header;
    private final ChatTemplate template;
    private final LlamaSettings settings;
    private final SlotGate gate;
    private final int sequenceContext;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger lastTokensAfterCancel = new AtomicInteger();
    private volatile WorkerProcess worker;
    private volatile long lastUsed = System.nanoTime();

    LoadedModel(ModelCatalog.Entry entry, ChatTemplate template, LlamaSettings settings) {
        this.name = entry.name();
        this.entry = entry;
        this.header = entry.header().orElseThrow();
        this.template = template;
        this.settings = settings;
        this.gate = new SlotGate(settings.parallel(), settings.maxQueued());
        long trained = header.contextLength();
        this.sequenceContext = settings.nCtx() > 0 ? settings.nCtx()
                : (int) Math.min(4096, trained > 0 ? trained : 4096);
    }

    GenerationResult generate(GenerationRequest request, Consumer<String> chunks) {
        if (!gate.enter(request.cancel())) {
            return new GenerationResult(FinishReason.CANCELLED, Usage.ZERO);
        }
        active.incrementAndGet();
        try {
            return run(worker(), request, chunks);
        } finally {
            active.decrementAndGet();
            lastUsed = System.nanoTime();
            gate.leave();
        }
    }

    private GenerationResult run(WorkerProcess process, GenerationRequest request, Consumer<String> chunks) {
        ChatOptions options = request.options();
        int bos = addsBos() ? 1 : 0;
        PromptFitter.Fitted fitted = fit(process, request, bos);
        BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
        long id = process.request(generateRequest(fitted.prompt(), bos, options), replies::add);
        request.cancel().onCancel(() -> process.cancel(id));
        try {
            if (template.opensThinking(fitted.prompt())) {
                chunks.accept("<think>"); // the prompt opened the reasoning; the parser must know it is inside
            }
            JsonNode done = stream(replies, request, chunks);
            FinishReason reason = FinishReason.fromWire(done.path("finish").asText());
            if (reason == FinishReason.CANCELLED) {
                lastTokensAfterCancel.set(done.path("after_cancel").asInt());
            }
            Usage usage = new Usage(done.path("prompt_tokens").asInt(), done.path("completion_tokens").asInt(),
                    done.path("prompt_ms").asLong(), done.path("generation_ms").asLong());
            return new GenerationResult(reason, usage, notices(fitted));
        } finally {
            process.forget(id);
        }
    }

    /** The prompt, trimmed to leave room for the answer ({@code max_tokens}, or a quarter of the context). */
    private PromptFitter.Fitted fit(WorkerProcess process, GenerationRequest request, int bos) {
        Integer maxTokens = request.options().maxTokens();
        int reserve = maxTokens != null ? Math.min(maxTokens, sequenceContext / 2) : Math.min(512, sequenceContext / 4);
        // a token covers at least one byte (special tokens more), so the UTF-8 length bounds the count
        return new PromptFitter(
                (messages, tools) -> withoutBos(template.render(messages, tools, true)),
                text -> process.tokenize(text) + bos,
                text -> text.getBytes(StandardCharsets.UTF_8).length + bos)
                .fit(request.messages(), request.tools(), sequenceContext - reserve);
    }

    private List<ErrorEvent> notices(PromptFitter.Fitted fitted) {
        if (fitted.droppedMessages() == 0) {
            return List.of();
        }
        return List.of(new ErrorEvent("the conversation is longer than the model's context (" + sequenceContext
                + " tokens): the oldest " + fitted.droppedMessages() + " messages were left out of this answer",
                "context_trimmed"));
    }

    /** Passes tokens on, those that queued up together as one chunk, until {@code done}. */
    private static JsonNode stream(BlockingQueue<JsonNode> replies, GenerationRequest request,
                                   Consumer<String> chunks) {
        List<JsonNode> batch = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            try {
                batch.add(replies.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                request.cancel().cancel();
                throw EngineException.unavailable("interrupted", "the generation was interrupted");
            }
            replies.drainTo(batch);
            JsonNode end = null;
            for (JsonNode message : batch) {
                switch (message.path("type").asText()) {
                    case "token" -> text.append(message.path("text").asText());
                    case "done" -> end = message;
                    case WorkerProcess.DEATH -> throw WorkerProcess.crashed();
                    default -> throw EngineException.internal("generation_failed",
                            message.path("message").asText("the engine failed"), null);
                }
            }
            if (!text.isEmpty() && !request.cancel().isCancelled()) {
                chunks.accept(text.toString());
            }
            if (end != null) {
                return end;
            }
            batch.clear();
            text.setLength(0);
        }
    }

    /**
     * The worker counts the prompt's tokens and gives the answer what is left of the sequence's context, at most
     * {@code max_tokens}. Prompt caching is on for every call: a stateless client resending its history gains as
     * much as a session.
     */
    private ObjectNode generateRequest(String prompt, int bos, ChatOptions options) {
        ObjectNode r = WorkerChannel.JSON.createObjectNode().put("op", "generate").put("prompt", prompt)
                .put("bos", bos).put("context", sequenceContext).put("cache_prompt", true);
        if (options.maxTokens() != null) {
            r.put("max_tokens", options.maxTokens());
        }
        if (options.temperature() != null) {
            r.put("temperature", options.temperature());
        }
        if (options.topP() != null) {
            r.put("top_p", options.topP());
        }
        if (options.seed() != null) {
            r.put("seed", options.seed());
        }
        ArrayNode stop = r.putArray("stop");
        stopStrings(options).forEach(stop::add);
        return r;
    }

    private Set<String> stopStrings(ChatOptions options) {
        Set<String> stops = new LinkedHashSet<>(options.stop());
        stops.addAll(template.stopStrings());
        header.token("tokenizer.ggml.eos_token_id").ifPresent(stops::add);
        header.token("tokenizer.ggml.eot_token_id").ifPresent(stops::add);
        header.token("tokenizer.ggml.eom_token_id").ifPresent(stops::add);
        return stops;
    }

    /** The prompt text {@link #generate} would tokenize for this conversation (llama.cpp adds BOS itself). */
    String renderPrompt(PromptRequest request) {
        return withoutBos(template.render(request.messages(), request.tools(), request.addGenerationPrompt()));
    }

    /** Whether llama.cpp puts BOS before the prompt itself (then a BOS the template wrote is removed). */
    private boolean addsBos() {
        return header.flag("tokenizer.ggml.add_bos_token")
                .orElse(header.string("tokenizer.ggml.model").orElse("").equals("llama"));
    }

    private String withoutBos(String prompt) {
        if (addsBos()) {
            String bos = header.token("tokenizer.ggml.bos_token_id").orElse("");
            if (!bos.isEmpty() && prompt.startsWith(bos)) {
                return prompt.substring(bos.length());
            }
        }
        return prompt;
    }

    private synchronized WorkerProcess worker() {
        WorkerProcess current = worker;
        if (current != null && current.alive()) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        ObjectNode load = WorkerChannel.JSON.createObjectNode()
                .put("model", entry.file().toAbsolutePath().toString())
                .put("n_ctx", sequenceContext * settings.parallel())
                .put("parallel", settings.parallel())
                .put("cache_reuse", settings.cacheReuse())
                .put("threads", settings.effectiveThreads())
                .put("n_gpu_layers", settings.effectiveGpuLayers())
                .put("device", settings.deviceName());
        worker = WorkerProcess.start(WorkerProcess.command(settings.workerJvmOptions(),
                settings.nativeLibPath().orElse(null)), load, LOAD_TIMEOUT);
        return worker;
    }

    /** Ends the worker (running generations fail with {@code engine_crashed}); false if none was running. */
    synchronized boolean unload() {
        WorkerProcess current = worker;
        if (current == null) {
            return false;
        }
        boolean wasAlive = current.alive();
        current.close();
        worker = null;
        return wasAlive;
    }

    /** Unloads if nothing ran for {@code keepAlive}; true if it did. */
    boolean expireIfIdle(Duration keepAlive) {
        if (worker == null || active.get() > 0 || System.nanoTime() - lastUsed < keepAlive.toNanos()) {
            return false;
        }
        synchronized (this) {
            return active.get() == 0 && unload();
        }
    }

    boolean loaded() {
        WorkerProcess current = worker;
        return current != null && current.alive();
    }

    /** The worker's process id while loaded. */
    OptionalLong workerPid() {
        WorkerProcess current = worker;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.pid());
    }

    /** The worker's process, for tests that kill it. */
    Process workerProcess() {
        return worker.process();
    }

    /** Tokens the engine decoded after the last cancel arrived (for tests and the benchmark). */
    int lastTokensAfterCancel() {
        return lastTokensAfterCancel.get();
    }

    int sequenceContext() {
        return sequenceContext;
    }

    ChatTemplate template() {
        return template;
    }

    String name() {
        return name;
    }
}
