package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.AdmissionQueue;
import dev.tether.engine.model.Embeddings;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.remote.OpenAiChatClient;
import dev.tether.engine.remote.OpenAiWire;
import dev.tether.tool.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One model served by its own {@link LlamaServerChild}: started on first use and again after a crash, ended by
 * {@link #unload}. Its answers arrive typed (text, reasoning, structured tool calls); a session keeps its slot so
 * its history stays cached. Generations beyond the slots wait in a bounded line ({@link SlotGate}). The process
 * moves through the {@link ProcessState}s, each move logged; {@link Life} is where it is, read without a lock
 * (starting takes the model's lock for as long as loading takes).
 */
final class LlamaServerModel implements LoadedModel {

    private static final Logger LOG = Logger.getLogger(LlamaServerModel.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);
    /** How long an unload or shutdown waits for saves in flight. */
    private static final Duration SAVE_WAIT = Duration.ofSeconds(5);

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
    private final AtomicReference<Life> life = new AtomicReference<>(new Life(ProcessState.ABSENT, null, null));
    private volatile long lastUsed = System.nanoTime();
    /** Where sessions' slots are saved (null when {@code kv_persist} is off); its folder is chosen at each start. */
    private final SessionCacheFiles caches;

    /** The pooling of an embedding model, which runs with {@code --embeddings} and never chats; empty for chat. */
    private final Optional<String> pooling;

    private volatile SlotFiles slotFiles;
    private final Saves saves = new Saves();

    LlamaServerModel(
            GgufFiles.Entry entry,
            LlamaSettings settings,
            Supplier<LlamaServerBinary> binary,
            Optional<String> pooling,
            SessionCacheFiles caches) {
        this.entry = entry;
        this.pooling = pooling;
        this.settings = settings;
        this.binary = binary;
        this.caches = settings.kvPersist() ? caches : null;
        this.gate = new SlotGate(settings.parallel(), settings.maxQueued());
        this.slots = new SessionSlots(settings.parallel());
        this.sequenceContext =
                PromptFitter.sequenceContext(settings.nCtx(), entry.header().orElseThrow());
    }

    @Override
    public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
        return chat(request, events).result();
    }

    /** One normalised vector per input, from llama-server's {@code /v1/embeddings}. */
    Embeddings embed(List<String> inputs) {
        if (pooling.isEmpty()) {
            throw new EngineException(
                    ErrorCode.NOT_AN_EMBEDDING_MODEL, name() + " is a chat model, not an embedding model");
        }
        try (AdmissionQueue.Slot admitted = gate.enter(new Cancellation())) {
            active.incrementAndGet();
            try {
                LlamaServerChild server = child();
                for (int i = 0; i < inputs.size(); i++) {
                    int length = tokens(server, inputs.get(i));
                    if (length > sequenceContext) {
                        // llama-server would answer a bare HTTP 500 for it
                        throw new EngineException(
                                ErrorCode.PROMPT_TOO_LONG,
                                "input " + i + " is " + length + " tokens; " + name() + " takes at most "
                                        + sequenceContext + " (n_ctx)");
                    }
                }
                ObjectNode body = JSON.createObjectNode().put("model", name());
                inputs.forEach(body.putArray("input")::add);
                JsonNode answer;
                try {
                    answer = server.client().post("v1/embeddings", body);
                } catch (EngineException e) {
                    throw server.awaitExit(Duration.ofSeconds(2)) ? crashed(server) : e;
                }
                return embeddings(answer, inputs.size());
            } finally {
                active.decrementAndGet();
                lastUsed = System.nanoTime();
            }
        }
    }

    private Embeddings embeddings(JsonNode answer, int expected) {
        List<float[]> vectors = new ArrayList<>(expected);
        for (JsonNode item : answer.path("data")) {
            JsonNode values = item.path("embedding");
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) values.get(i).asDouble();
            }
            vectors.add(vector);
        }
        if (vectors.size() != expected) {
            throw new EngineException(
                    ErrorCode.PROVIDER_PROTOCOL,
                    "llama-server returned " + vectors.size() + " embeddings for " + expected + " inputs");
        }
        return new Embeddings(
                vectors, answer.path("usage").path("prompt_tokens").asInt());
    }

    /** {@link #generate}, also saying how much of the prompt the slot had cached. */
    OpenAiChatClient.Answer chat(GenerationRequest request, Consumer<ModelEvent> events) {
        if (pooling.isPresent()) {
            throw LlamaCppProvider.notForChat(name());
        }
        AdmissionQueue.Slot admitted = gate.enter(request.cancel());
        if (!admitted.held()) {
            admitted.close();
            return new OpenAiChatClient.Answer(new GenerationResult(FinishReason.CANCELLED, Usage.ZERO), 0);
        }
        active.incrementAndGet();
        SessionSlots.Claim claim = slots.claim(request.cacheKey());
        Runnable release = () -> {
            slots.release(claim.slot());
            active.decrementAndGet();
            lastUsed = System.nanoTime();
            admitted.close();
        };
        boolean handedOver = false;
        try {
            LlamaServerChild first = child();
            SlotFiles files = slotFiles;
            String session = request.cacheKey();
            boolean restoring = files != null
                    && session != null
                    && !claim.holdsHistory()
                    && files.restore(
                            first.client(),
                            claim.slot(),
                            session,
                            request.messages(),
                            LlamaServerChat.offered(request));
            LlamaServerChild server = first;
            Sent sent;
            AtomicBoolean streamed = new AtomicBoolean();
            AtomicBoolean called = new AtomicBoolean();
            Consumer<ModelEvent> watched = e -> {
                streamed.set(true);
                called.compareAndSet(false, e instanceof ModelEvent.Call);
                events.accept(e);
            };
            try {
                sent = run(server, request, claim.slot(), watched);
            } catch (EngineException e) {
                if (!restoring || e.errorCode() != ErrorCode.ENGINE_CRASHED || streamed.get()) {
                    throw e;
                }
                // a restore (even a refused one) can leave llama-server to die on the next completion: drop the
                // file, start a new llama-server and read the whole history, unseen by the client
                files.forget(session);
                server = child();
                sent = run(server, request, claim.slot(), watched);
            }
            SlotFiles saving = slotFiles;
            // an answer that calls a tool is not saved: its turn goes on at once, and the next call saves more
            if (saving != null
                    && session != null
                    && !called.get()
                    && sent.answer().result().finishReason() != FinishReason.CANCELLED) {
                // the answer is complete: save on the side, holding the slot until saved so no other session writes it
                LlamaServerChild saved = server;
                Sent answered = sent;
                saving.saveComing(session);
                handedOver = saves.start(
                        () -> saving.save(
                                saved.client(),
                                claim.slot(),
                                session,
                                answered.kept(),
                                LlamaServerChat.offered(request),
                                answered.answer().result().usage().promptTokens()),
                        release);
                if (!handedOver) {
                    saving.saveDone(session);
                }
            }
            return sent.answer();
        } finally {
            if (!handedOver) {
                release.run();
            }
        }
    }

    /** What one call sent (after any trimming) and its answer. */
    private record Sent(OpenAiChatClient.Answer answer, List<Message> kept) {}

    /**
     * Saves running on their own threads; unload and shutdown wait for them, a few seconds at most. A save starts
     * {@link #DELAY} after the answer: the turn stores the answer and sends {@code done} in that time (a few ms), and
     * the save's disk write and checksum of tens of MB would otherwise compete with it for the CPU and the disk.
     */
    private static final class Saves {
        private static final Duration DELAY = Duration.ofMillis(50);
        private int running;

        /** Runs {@code save}, then {@code after}, on a virtual thread; false (and nothing ran) if it could not start. */
        synchronized boolean start(Runnable save, Runnable after) {
            try {
                Thread.ofVirtual().name("kv-save").start(() -> {
                    try {
                        pause();
                        save.run();
                    } finally {
                        after.run();
                        finished();
                    }
                });
            } catch (RuntimeException e) {
                return false;
            }
            running++;
            return true;
        }

        private static void pause() {
            try {
                Thread.sleep(DELAY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the save still runs, only sooner
            }
        }

        private synchronized void finished() {
            running--;
            notifyAll();
        }

        synchronized void await(Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                for (long left = limit.toNanos(); running > 0 && left > 0; left = deadline - System.nanoTime()) {
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Sent run(LlamaServerChild server, GenerationRequest request, int slot, Consumer<ModelEvent> events) {
        int budget =
                PromptFitter.promptBudget(sequenceContext, request.options().maxTokens());
        List<ToolSpec> tools = LlamaServerChat.offered(request);
        PromptEstimate.Sizes sizes = PromptEstimate.measure(request.messages(), tools);
        int bound = estimate.bound(request.cacheKey(), sizes);
        if (bound >= 0 && bound <= budget) {
            try {
                return new Sent(
                        send(server, request, request.messages(), sizes, slot, events, List.of()), request.messages());
            } catch (EngineException e) {
                // the bound proved wrong: llama-server refused before decoding anything, so fit and send again
                if (e.errorCode() != ErrorCode.CONTEXT_OVERFLOW) {
                    throw e;
                }
            }
        }
        PromptFitter.Fitted fitted = new PromptFitter(
                        (messages, offered) -> render(server, messages, offered),
                        text -> tokens(server, text),
                        text -> text.getBytes(StandardCharsets.UTF_8).length + 1)
                .fit(request.messages(), tools, budget, request.trimToFit());
        List<Message> kept = PromptFitter.kept(request.messages(), fitted.droppedMessages());
        return new Sent(
                send(
                        server,
                        request,
                        kept,
                        fitted.droppedMessages() == 0 ? sizes : PromptEstimate.measure(kept, tools),
                        slot,
                        events,
                        notices(fitted)),
                kept);
    }

    private OpenAiChatClient.Answer send(
            LlamaServerChild server,
            GenerationRequest request,
            List<Message> kept,
            PromptEstimate.Sizes sizes,
            int slot,
            Consumer<ModelEvent> events,
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
        return new OpenAiChatClient.Answer(
                new GenerationResult(reason, result.usage(), notices), answer.cachedTokens());
    }

    /** The exact prompt llama-server renders for these messages and tools with the model's own template. */
    String renderPrompt(List<Message> messages, List<ToolSpec> tools, boolean addGenerationPrompt) {
        return render(child(), messages, tools, addGenerationPrompt);
    }

    private static String render(LlamaServerChild server, List<Message> messages, List<ToolSpec> tools) {
        return render(server, messages, tools, true);
    }

    private static String render(
            LlamaServerChild server, List<Message> messages, List<ToolSpec> tools, boolean addGenerationPrompt) {
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
        ObjectNode body = JSON.createObjectNode()
                .put("content", text)
                .put("add_special", true)
                .put("parse_special", true);
        return server.client().post("tokenize", body).path("tokens").size();
    }

    private List<ErrorEvent> notices(PromptFitter.Fitted fitted) {
        return PromptFitter.notices(fitted, sequenceContext);
    }

    private EngineException crashed(LlamaServerChild server) {
        return new EngineException(
                ErrorCode.ENGINE_CRASHED,
                "llama-server serving " + name() + " stopped unexpectedly; it restarts on the next request (log: "
                        + server.log() + ")");
    }

    /**
     * The state, the process while there is one, and why it failed. A ready process that has died since is
     * {@code failed} from then on, until the next request starts another.
     */
    private record Life(ProcessState state, LlamaServerChild child, String error) {}

    private synchronized LlamaServerChild child() {
        Life current = current();
        if (current.state() == ProcessState.READY) {
            return current.child();
        }
        if (current.child() != null) {
            current.child().close();
            slots.clear();
        }
        moveTo(new Life(ProcessState.STARTING, null, null), "a request needs it");
        for (int attempt = 1; ; attempt++) {
            try {
                LlamaServerBinary executable = binary.get();
                SlotFiles files = caches == null ? null : caches.forModel(modelKey(executable));
                LlamaServerChild process = LlamaServerChild.start(
                        executable.path(),
                        entry.file().toAbsolutePath(),
                        flags(files),
                        settings.logDir(),
                        LOAD_TIMEOUT);
                slotFiles = files;
                started = executable;
                moveTo(new Life(ProcessState.READY, process, null), "pid " + process.pid());
                return process;
            } catch (EngineException e) {
                // the free port can be taken between choosing and binding it: choose again
                if (attempt < 3 && e.getMessage().contains("bind")) {
                    continue;
                }
                moveTo(new Life(ProcessState.FAILED, null, e.getMessage()), e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                moveTo(new Life(ProcessState.FAILED, null, String.valueOf(e.getMessage())), e.toString());
                throw e;
            }
        }
    }

    /** Where the process is now; a ready one found dead becomes {@code failed} here (without the start lock). */
    private Life current() {
        Life now = life.get();
        if (now.state() == ProcessState.READY && !now.child().alive()) {
            Life failed = new Life(
                    ProcessState.FAILED,
                    now.child(),
                    "llama-server exited unexpectedly (log: " + now.child().log() + ")");
            if (life.compareAndSet(now, failed)) {
                logMove(now, failed, "pid " + now.child().pid() + " exited");
            }
            return life.get();
        }
        return now;
    }

    private void moveTo(Life next, String why) {
        logMove(life.getAndSet(next), next, why);
    }

    private void logMove(Life from, Life to, String why) {
        LOG.info(() -> "model " + name() + ": " + from.state().wireName() + " -> "
                + to.state().wireName() + " (" + why + ")");
    }

    /**
     * Names the folder of this model's saved slots: a saved slot only fits the same model file, context, slots, cache
     * type (in {@code llama_server_args}) and engine version.
     */
    private String modelKey(LlamaServerBinary executable) {
        Path file = entry.file().toAbsolutePath();
        String identity;
        try {
            identity = file + "|" + Files.size(file) + "|"
                    + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            identity = file.toString();
        }
        String key = identity + "|" + sequenceContext + "|" + settings.parallel() + "|" + settings.llamaServerArgs()
                + "|" + executable.version();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shared settings as llama-server flags; {@code llama_server_args} last, so they win. */
    private List<String> flags(SlotFiles files) {
        List<String> flags = new ArrayList<>(List.of(
                "-m",
                entry.file().toAbsolutePath().toString(),
                "--alias",
                name(),
                "--jinja",
                "-c",
                String.valueOf(sequenceContext * settings.parallel()),
                "-np",
                String.valueOf(settings.parallel()),
                "-t",
                String.valueOf(settings.effectiveThreads()),
                "-ngl",
                String.valueOf(settings.effectiveGpuLayers()),
                "--cache-reuse",
                String.valueOf(settings.cacheReuse())));
        pooling.ifPresent(p -> {
            // an encoder sees each input whole: a batch must hold the longest input
            String batch = String.valueOf(sequenceContext);
            flags.addAll(List.of("--embeddings", "--pooling", p, "-b", batch, "-ub", batch));
        });
        if (files != null) {
            flags.addAll(List.of("--slot-save-path", files.dir().toAbsolutePath() + "/"));
        }
        if (!settings.deviceName().isEmpty()) {
            flags.addAll(List.of("--device", settings.deviceName()));
        }
        flags.addAll(settings.llamaServerArgs());
        return flags;
    }

    @Override
    public synchronized boolean unload() {
        return stop("unload");
    }

    private boolean stop(String why) {
        Life current = life.get();
        if (current.child() == null) {
            if (current.state() == ProcessState.FAILED) {
                moveTo(new Life(ProcessState.ABSENT, null, null), why);
            }
            return false;
        }
        boolean wasAlive = current.child().alive();
        saves.await(SAVE_WAIT);
        moveTo(new Life(ProcessState.STOPPING, current.child(), null), why);
        current.child().close();
        slots.clear();
        moveTo(
                new Life(ProcessState.ABSENT, null, null),
                "pid " + current.child().pid() + " ended");
        return wasAlive;
    }

    @Override
    public boolean expireIfIdle(Duration keepAlive) {
        if (life.get().child() == null || active.get() > 0 || System.nanoTime() - lastUsed < keepAlive.toNanos()) {
            return false;
        }
        synchronized (this) {
            return active.get() == 0 && stop("idle for " + keepAlive.toSeconds() + " s");
        }
    }

    @Override
    public boolean loaded() {
        return current().state() == ProcessState.READY;
    }

    @Override
    public ProcessState state() {
        return current().state();
    }

    @Override
    public OptionalLong workerPid() {
        LlamaServerChild current = life.get().child();
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
        details.put("kv_persist", settings.kvPersist());
        return details;
    }

    @Override
    public Map<String, Object> engineDetails() {
        Life current = current();
        Map<String, Object> details;
        try {
            details = details(
                    current.state() == ProcessState.READY && started != null ? started : binary.get(), settings);
        } catch (EngineException e) {
            details = new LinkedHashMap<>(Map.of("engine", "llama-server", "error", e.getMessage()));
        }
        if (current.state() == ProcessState.READY) {
            details.put("log", current.child().log().toString());
        }
        if (current.error() != null) {
            details.put("error", current.error());
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
        return Optional.ofNullable(life.get().child());
    }
}
