package dev.tether.server;

import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.parse.TextModelProvider;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.scripted.ScriptedProvider;
import io.helidon.config.Config;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A scripted provider that stops after each call's first chunk until the test opens the gate (or the turn is
 * cancelled), and records which calls saw a cancel. Configured as {@code impl: dev.tether.server.GatedProvider}.
 */
public final class GatedProvider implements TextModelProvider {

    static volatile CountDownLatch gate = new CountDownLatch(1);
    static final Set<String> cancelledSessions = ConcurrentHashMap.newKeySet();

    private final ScriptedProvider script;

    public GatedProvider(Config args) {
        this.script = new ScriptedProvider(args);
    }

    static void reset() {
        gate = new CountDownLatch(1);
        cancelledSessions.clear();
    }

    static void open() {
        gate.countDown();
    }

    @Override
    public List<ModelInfo> models() {
        return script.models();
    }

    @Override
    public ToolFormat toolFormat(String model) {
        return script.toolFormat(model);
    }

    @Override
    public GenerationResult generateText(GenerationRequest request, Consumer<String> chunks) {
        request.cancel().onCancel(() -> cancelledSessions.add(request.cacheKey()));
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch myGate = gate;
        return script.generateText(request, chunk -> {
            if (sent.getAndIncrement() == 1) {
                awaitGate(myGate, request);
            }
            chunks.accept(chunk);
        });
    }

    private static void awaitGate(CountDownLatch myGate, GenerationRequest request) {
        try {
            while (!myGate.await(10, TimeUnit.MILLISECONDS)) {
                if (request.cancel().isCancelled()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
