package dev.tether.server.llamaserver;

import dev.tether.engine.llamacpp.LlamaCppBuild;
import dev.tether.engine.llamacpp.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test's own copy of the random-weight qwen3 model (a hard link where the file system allows, so that the
 * llama-server serving it is told apart by its command line) and a config file that serves it on llama-server.
 */
record QwenSetup(Path dir, Path model, Path config) {

    /** The model's name at the API: its file name without {@code .gguf}. */
    static final String NAME = "e2e-qwen3";

    static QwenSetup in(Path dir) throws IOException {
        Path server = LlamaCppBuild.server();
        Path model = dir.resolve(NAME + ".gguf");
        try {
            Files.createLink(model, TestModels.qwen3());
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(TestModels.qwen3(), model);
        }
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                host: 127.0.0.1
                port: 0
                data_dir: "%s"
                providers:
                  model:
                    impl: llamacpp
                    args:
                      model: "%s"
                      engine: llama-server
                      llama_server: "%s"
                      n_ctx: 2048
                      parallel: 2
                      threads: 2
                  session_store: { url: "jdbc:sqlite:%s" }
                tools: { enabled: [get_current_time] }
                """.formatted(yaml(dir), yaml(model), yaml(server), yaml(dir.resolve("tether.db"))));
        return new QwenSetup(dir, model, config);
    }

    private static String yaml(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "/");
    }
}
