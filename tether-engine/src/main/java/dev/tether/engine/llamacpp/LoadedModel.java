package dev.tether.engine.llamacpp;

import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * One model file of the provider and the engine process that runs it while it is loaded: started on first use and
 * again after a crash, ended by {@link #unload} or idle expiry. Two engines: {@link LlamaServerModel} (llama.cpp's
 * {@code llama-server}, typed output) and {@link EmbeddedModel} (the bundled binding, text parsed by Tether).
 */
interface LoadedModel {

    String name();

    /** Streams the model's typed output; see {@link dev.tether.engine.model.ModelProvider#generate}. */
    GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events);

    /** Ends the engine process (running generations fail with {@code engine_crashed}); false if none was running. */
    boolean unload();

    /** Unloads if nothing ran for {@code keepAlive}; true if it did. */
    boolean expireIfIdle(Duration keepAlive);

    boolean loaded();

    /** Where the engine process is in its life (shown as {@code state}). */
    default ProcessState state() {
        return loaded() ? ProcessState.READY : ProcessState.ABSENT;
    }

    /** The engine process id while loaded. */
    OptionalLong workerPid();

    /** What {@code /models/{name}} shows about the engine: its name, version, devices. */
    Map<String, Object> engineDetails();
}
