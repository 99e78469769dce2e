package dev.tether.server.openai;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.parse.TextModelProvider;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import io.helidon.config.Config;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A model ({@code tether-failing}) whose engine dies after its first words, as a remote one can. */
public final class FailingProvider implements TextModelProvider {

    static final String MODEL = "tether-failing";

    public FailingProvider(Config args) {}

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo(MODEL, "failing", true, Map.of()));
    }

    @Override
    public ToolFormat toolFormat(String model) {
        return ToolFormats.SEED;
    }

    @Override
    public GenerationResult generateText(GenerationRequest request, Consumer<String> chunks) {
        chunks.accept("Partial ");
        throw new EngineException(ErrorCode.PROVIDER_DISCONNECTED, "the engine closed the connection");
    }
}
