package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.config.TetherConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineCatalogTest {

    @TempDir
    Path dir;

    @Test
    void theProviderSeesTheDataDirWhereverItWasSet() throws Exception {
        Path config = dir.resolve("tether.yml");
        Files.writeString(
                config, "data_dir: \"" + dir.resolve("mine").toString().replace("\\", "/") + "\"\n");
        TetherConfig loaded = TetherConfig.load(Optional.of(config), Map.of(), k -> null);
        TetherConfig.ProviderSettings llama = loaded.providers().getFirst();

        assertThat(llama.impl()).isEqualTo("llamacpp");
        assertThat(EngineCatalog.dataDir(llama.args())).isEqualTo(dir.resolve("mine"));
        assertThat(LlamaSettings.from(llama.args()).logDir())
                .isEqualTo(dir.resolve("mine").resolve("logs"));
        assertThat(LlamaSettings.from(llama.args()).distRoot()).isEqualTo(Path.of("dist"));

        TetherConfig withModel = TetherConfig.load(Optional.of(config), Map.of("model", "/x/y.gguf"), k -> null);
        assertThat(EngineCatalog.dataDir(withModel.providers().getFirst().args()))
                .isEqualTo(dir.resolve("mine"));
        assertThat(LlamaSettings.from(withModel.providers().getFirst().args()).model())
                .contains(Path.of("/x/y.gguf"));
    }

    @Test
    void activeIsTheEmbeddedEngineWhenNoLlamaServerIsInReach() throws Exception {
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                data_dir: "%s"
                providers: { model: { impl: llamacpp, args: { dist_root: "%s" } } }
                """.formatted(
                        dir.resolve("data").toString().replace("\\", "/"),
                        dir.resolve("dist").toString().replace("\\", "/")));
        TetherConfig loaded = TetherConfig.load(Optional.of(config), Map.of(), k -> null);

        EngineCatalog.Active none = EngineCatalog.active(loaded, k -> null);
        assertThat(none.llamaServer()).isFalse();
        assertThat(none.engine()).isEqualTo("embedded");
        assertThat(none.version()).contains("b4916");
    }

    @Test
    @org.junit.jupiter.api.condition.DisabledOnOs(
            value = org.junit.jupiter.api.condition.OS.WINDOWS,
            disabledReason = "the fake engine's executable bit")
    void anEngineInstalledWhileTetherRunsServesTheNextLoad() throws Exception {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        Files.copy(TestModels.tiny(), dist.resolve("tiny.gguf"));
        Map<String, String> values = Map.of(
                "dist_root", dist.toString(), "data_dir", dir.resolve("data").toString());
        LlamaCppProvider provider = new LlamaCppProvider(
                io.helidon.config.Config.just(io.helidon.config.ConfigSources.create(values)), k -> null);
        try {
            assertThat(provider.engine()).isEqualTo("embedded");
            assertThat(provider.engineModel("tiny")).isInstanceOf(EmbeddedModel.class);

            Path server = dir.resolve("data/engines/b7000-cpu/llama-server");
            Files.createDirectories(server.getParent());
            Files.writeString(server, "#!/bin/sh\necho 'version: 7000 (fake)'\n");
            Files.setPosixFilePermissions(server, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

            assertThat(provider.engine()).isEqualTo("llama-server");
            assertThat(provider.engineModel("tiny"))
                    .as("the idle embedded model moves to the installed engine")
                    .isInstanceOf(LlamaServerModel.class);
            assertThat(provider.models().getFirst().details())
                    .containsEntry("llama_server", server.toString())
                    .containsEntry("llama_server_version", "7000 (fake)");
        } finally {
            provider.close();
        }
    }
}
