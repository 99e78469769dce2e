package dev.tether.engine.loop;

import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.parse.TextModelProvider;
import dev.tether.engine.parse.ToolFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** Wraps a provider and keeps every request it was given, so tests can see what the model saw. */
final class RecordingProvider implements TextModelProvider {

    final TextModelProvider inner;
    final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();
    /** Counted down by the first generation. */
    final CountDownLatch called = new CountDownLatch(1);

    RecordingProvider(TextModelProvider inner) {
        this.inner = inner;
    }

    @Override
    public List<ModelInfo> models() {
        return inner.models();
    }

    @Override
    public ToolFormat toolFormat(String model) {
        return inner.toolFormat(model);
    }

    @Override
    public GenerationResult generateText(GenerationRequest request, Consumer<String> chunks) {
        requests.add(request);
        called.countDown();
        return inner.generateText(request, chunks);
    }
}
