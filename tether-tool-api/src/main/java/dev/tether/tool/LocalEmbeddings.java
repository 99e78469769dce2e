package dev.tether.tool;

import java.util.List;

/**
 * The embedding models Tether itself runs, offered to tools (the knowledge base's search by meaning) without them
 * depending on the engine: the engine provides it, {@link #NONE} where it has none.
 */
public interface LocalEmbeddings {

    /** The names of the local embedding models, the first one the default. */
    List<String> models();

    /** One vector per text, in order; a {@link ToolException} when the model fails. */
    List<float[]> embed(String model, List<String> texts);

    LocalEmbeddings NONE = new LocalEmbeddings() {
        @Override
        public List<String> models() {
            return List.of();
        }

        @Override
        public List<float[]> embed(String model, List<String> texts) {
            throw new ToolException("no local embedding model: " + model);
        }
    };
}
