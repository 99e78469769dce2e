package dev.tether.engine.llamacpp;

import de.kherud.llama.ModelParameters;
import java.nio.file.Path;

/** What the benchmarks (in another package) need from the provider's internals. */
public final class BenchSupport {

    private BenchSupport() {}

    /** The parameters a worker would load {@code model} with, for an in-process comparison. */
    public static ModelParameters workerParameters(Path model, int sequenceContext, int parallel, int threads) {
        return EngineWorker.parameters(WorkerChannel.JSON
                .createObjectNode()
                .put("model", model.toAbsolutePath().toString())
                .put("n_ctx", sequenceContext * parallel)
                .put("parallel", parallel)
                .put("cache_reuse", 64)
                .put("threads", threads)
                .put("n_gpu_layers", 0)
                .put("device", ""));
    }

    /** Tokens the worker decoded after the last cancel of {@code model} arrived. */
    public static int lastTokensAfterCancel(LlamaCppProvider provider, String model) {
        return ((EmbeddedModel) provider.loadedModel(model).orElseThrow()).lastTokensAfterCancel();
    }
}
