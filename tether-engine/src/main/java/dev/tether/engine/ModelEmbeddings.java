package dev.tether.engine;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelRouter;
import dev.tether.tool.LocalEmbeddings;
import dev.tether.tool.ToolException;
import java.util.List;

/** The router's embedding models, as tools see them: an engine failure is the tool's error. */
record ModelEmbeddings(ModelRouter router) implements LocalEmbeddings {

    @Override
    public List<String> models() {
        return router.embeddingModels().stream().map(ModelInfo::name).toList();
    }

    @Override
    public List<float[]> embed(String model, List<String> texts) {
        try {
            return router.embed(model, texts).vectors();
        } catch (EngineException e) {
            throw new ToolException("the embedding model " + model + " failed: " + e.getMessage());
        }
    }
}
