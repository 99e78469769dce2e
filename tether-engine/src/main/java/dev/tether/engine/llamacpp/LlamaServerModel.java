package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.remote.OpenAiChatClient;
import dev.tether.engine.remote.OpenAiWire;
import dev.tether.tool.ToolSpec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One model served by its own {@link LlamaServerChild}: started on first use and again after a crash, ended by
 * {@link #unload}. Its answers arrive typed (text, reasoning, structured tool calls); a session keeps its slot so
 * its history stays cached. Generations beyond the slots wait in a bounded line ({@link SlotGate}).
 */
final class LlamaServerModel implements LoadedModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);

    private final GgufFiles.Entry entry;
    private final LlamaSettings settings;
    /** The executable each start uses: asked again per start, so a newly installed engine serves the next load. */
    private final Supplier<LlamaServerBinary> binary;
    private volatile LlamaServerBinary started;
    private final SlotGate gate;
    private final SessionSlots slots;
    private final PromptEstimate estimate = new PromptEstimate();
    private final int sequenceContext;
    private final AtomicInteger active = new AtomicInteger();
    private volatile LlamaServerChild child;
    private volatile String loadError;
    private volatile long lastUsed = System.nanoTime();

    LlamaServerModel(GgufFiles.Entry entry, LlamaSettings settings, Supplier<LlamaServerBinary> binary) {
        this.entry = entry;
        this.settings = settings;
        this.binary = binary;
        this.gate = new SlotGate(settings.parallel(), settings.maxQueued());
        this.slots = new SessionSlots(settings.parallel());
        this.sequenceContext = PromptFitter.sequenceContext(settings.nCtx(), entry.header().orElseThrow());
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
        return chat(request, events).result();
    }

    /** {@link #generate}, also saying how much of the prompt the slot had cached. */
    OpenAiChatClient.Answer chat(GenerationRequest request, Consumer<ModelEvent> events) {
        if (!gate.enter(request.cancel())) {
            return new OpenAiChatClient.Answer(new GenerationResult(FinishReason.CANCELLED, Usage.ZERO), 0);
        }
        active.incrementAndGet();
        int slot = slots.acquire(request.cacheKey());
        try {
            return run(child(), request, slot, events);
        } finally {
            slots.release(slot);
            active.decrementAndGet();
            lastUsed = System.nanoTime();
            gate.leave();
        }
    }

    private OpenAiChatClient.Answer run(LlamaServerChild server, GenerationRequest request, int slot,
                                        Consumer<ModelEvent> events) {
        int budget = PromptFitter.promptBudget(sequenceContext, request.options().maxTokens());
        List<ToolSpec> tools = LlamaServerChat.offered(request);
        PromptEstimate.Sizes sizes = PromptEstimate.measure(request.messages(), tools);
        int bound = estimate.bound(request.cacheKey(), sizes);
        if (bound >= 0 && bound <= budget) {
            try {
                return send(server, request, request.messages(), sizes, slot, events, List.of());
            } catch (EngineException e) {
                // the bound proved wrong: llama-server refused before decoding anything, so fit and send again
                if (e.errorCode() != ErrorCode.CONTEXT_OVERFLOW) {
                    throw e;
                }
            }
        }
        PromptFitter.Fitted fitted = new PromptFitter((messages, offered) -> render(server, messages, offered),
                text -> tokens(server, text), text -> text.getBytes(StandardCharsets.UTF_8).length + 1)
                .fit(request.messages(), tools, budget);
        List<Message> kept = PromptFitter.kept(request.messages(), fitted.droppedMessages());
        return send(server, request, kept, fitted.droppedMessages() == 0 ? sizes : PromptEstimate.measure(kept, tools),
                slot, events, notices(fitted));
    }

    private OpenAiChatClient.Answer send(LlamaServerChild server, GenerationRequest request, List<Message> kept,
                                         PromptEstimate.Sizes sizes, int slot, Consumer<ModelEvent> events,
                                         List<ErrorEvent> notices) {
        ObjectNode body = LlamaServerChat.body(request, kept, slot, settings.forcedStringChars());
        boolean forced = LlamaServerChat.forced(request);
        ForcedCall call = forced ? new ForcedCall(events) : null;
        OpenAiChatClient.Answer answer;
        try {
            answer = server.client().stream("v1/chat/completions", body, request.cancel(), forced ? call : events);
        } catch (EngineException e) {
            throw server.awaitExit(Duration.ofSeconds(2)) ? crashed(server) : e;
        }
        GenerationResult result = answer.result();
        estimate.learn(request.cacheKey(), sizes, result.usage().promptTokens());
        FinishReason reason = result.finishReason();
        if (call != null && reason != FinishReason.CANCELLED && call.finish()) {
            reason = FinishReason.STOP;
        }
        return new OpenAiChatClient.Answer(new GenerationResult(reason, result.usage(), notices),
                answer.cachedTokens());
    }

    /** The exact prompt llama-server renders for these messages and tools with the model's own template. */
    String renderPrompt(List<Message> messages, List<ToolSpec> tools, boolean addGenerationPrompt) {
        return render(child(), messages, tools, addGenerationPrompt);
    }

    private static String render(LlamaServerChild server, List<Message> messages, List<ToolSpec> tools) {
        return render(server, messages, tools, true);
    }

    private static String render(LlamaServerChild server, List<Message> messages, List<ToolSpec> tools,
                                 boolean addGenerationPrompt) {
        ObjectNode body = JSON.createObjectNode().put("add_generation_prompt", addGenerationPrompt);
        ArrayNode wire = body.putArray("messages");
        messages.forEach(m -> wire.add(OpenAiWire.message(m)));
        if (!tools.isEmpty()) {
            ArrayNode list = body.putArray("tools");
            tools.forEach(t -> list.add(OpenAiWire.tool(t)));
        }
        return server.client().post("apply-template", body).path("prompt").asText();
    }

    private static int tokens(LlamaServerChild server, String text) {
        ObjectNode body = JSON.createObjectNode().put("content", text).put("add_special", true)
                .put("parse_special", true);
        return server.client().post("tokenize", body).path("tokens").size();
    }

    private List<ErrorEvent> notices(PromptFitter.Fitted fitted) {
        return PromptFitter.notices(fitted, sequenceContext);
    }

    private EngineException crashed(LlamaServerChild server) {
        return new EngineException(ErrorCode.ENGINE_CRASHED, "llama-server serving " + name()
                + " stopped unexpectedly; it restarts on the next request (log: " + server.log() + ")");
    }

    private synchronized LlamaServerChild child() {
        LlamaServerChild current = child;
        if (current != null && current.alive()) {
            return current;
        }
        if (current != null) {
            current.close();
            slots.clear();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                LlamaServerBinary executable = binary.get();
                child = LlamaServerChild.start(executable.path(), entry.file().toAbsolutePath(), flags(),
                        settings.logDir(), LOAD_TIMEOUT);
                started = executable;
                loadError = null;
                return child;
            } catch (EngineException e) {
                // the free port can be taken between choosing and binding it: choose again
                if (attempt < 3 && e.getMessage().contains("bind")) {
                    continue;
                }
                loadError = e.getMessage();
                throw e;
            }
        }
    }

    /** The shared settings as llama-server flags; {@code llama_server_args} last, so they win. */
    private List<String> flags() {
        List<String> flags = new ArrayList<>(List.of("-m", entry.file().toAbsolutePath().toString(),
                "--alias", name(), "--jinja",
                "-c", String.valueOf(sequenceContext * settings.parallel()),
                "-np", String.valueOf(settings.parallel()),
                "-t", String.valueOf(settings.effectiveThreads()),
                "-ngl", String.valueOf(settings.effectiveGpuLayers()),
                "--cache-reuse", String.valueOf(settings.cacheReuse())));
        if (!settings.deviceName().isEmpty()) {
            flags.addAll(List.of("--device", settings.deviceName()));
        }
        flags.addAll(settings.llamaServerArgs());
        return flags;
    }

    @Override
    public synchronized boolean unload() {
        LlamaServerChild current = child;
        if (current == null) {
            return false;
        }
        boolean wasAlive = current.alive();
        current.close();
        child = null;
        slots.clear();
        return wasAlive;
    }

    @Override
    public boolean expireIfIdle(Duration keepAlive) {
        if (child == null || active.get() > 0 || System.nanoTime() - lastUsed < keepAlive.toNanos()) {
            return false;
        }
        synchronized (this) {
            return active.get() == 0 && unload();
        }
    }

    @Override
    public boolean loaded() {
        LlamaServerChild current = child;
        return current != null && current.alive();
    }

    @Override
    public OptionalLong workerPid() {
        LlamaServerChild current = child;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.pid());
    }

    /** The engine's name, executable, version and devices. */
    static Map<String, Object> details(LlamaServerBinary binary, LlamaSettings settings) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", "llama-server");
        details.put("llama_server", binary.path().toString());
        details.put("llama_server_version", binary.version());
        details.put("devices", binary.devices().isEmpty() ? List.of("CPU") : binary.devices());
        details.put("n_gpu_layers", settings.effectiveGpuLayers());
        return details;
    }

    @Override
    public Map<String, Object> engineDetails() {
        LlamaServerChild current = child;
        Map<String, Object> details;
        try {
            details = details(current != null && started != null ? started : binary.get(), settings);
        } catch (EngineException e) {
            details = new LinkedHashMap<>(Map.of("engine", "llama-server", "error", e.getMessage()));
        }
        if (current != null && current.alive()) {
            details.put("log", current.log().toString());
        }
        String error = loadError;
        if (error != null) {
            details.put("error", error);
        }
        return details;
    }

    @Override
    public String name() {
        return entry.name();
    }

    /** The prompt bound, for tests that check it against llama-server or make it wrong. */
    PromptEstimate estimate() {
        return estimate;
    }

    /** The running child, for tests that kill it; empty while unloaded. */
    Optional<LlamaServerChild> running() {
        return Optional.ofNullable(child);
    }
}
