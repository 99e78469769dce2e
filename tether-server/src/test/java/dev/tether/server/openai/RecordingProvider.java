package dev.tether.server.openai;

import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.parse.TextModelProvider;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.scripted.ScriptedProvider;
import io.helidon.config.Config;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The scripted provider, configured by class name like any provider, keeping every request it gets so tests can
 * see what the model was sent. One server per test class, so the shared list is cleared before each test.
 */
public final class RecordingProvider implements TextModelProvider {

    public static final List<GenerationRequest> REQUESTS = new CopyOnWriteArrayList<>();

    private final ScriptedProvider inner;

    public RecordingProvider(Config args) {
        this.inner = new ScriptedProvider(args);
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
        REQUESTS.add(request);
        return inner.generateText(request, chunks);
    }
}
