package dev.tether.engine.llamacpp;

import dev.tether.engine.config.TetherConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EngineCatalogTest {

    @TempDir
    Path dir;

    @Test
    void theProviderSeesTheDataDirWhereverItWasSet() throws Exception {
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, "data_dir: \"" + dir.resolve("mine").toString().replace("\\", "/") + "\"\n");
        TetherConfig loaded = TetherConfig.load(Optional.of(config), Map.of(), k -> null);
        TetherConfig.ProviderSettings llama = loaded.providers().getFirst();

        assertThat(llama.impl()).isEqualTo("llamacpp");
        assertThat(EngineCatalog.dataDir(llama.args())).isEqualTo(dir.resolve("mine"));
        assertThat(LlamaSettings.from(llama.args()).logDir()).isEqualTo(dir.resolve("mine").resolve("logs"));
        assertThat(LlamaSettings.from(llama.args()).distRoot()).isEqualTo(Path.of("dist"));

        TetherConfig withModel = TetherConfig.load(Optional.of(config), Map.of("model", "/x/y.gguf"), k -> null);
        assertThat(EngineCatalog.dataDir(withModel.providers().getFirst().args())).isEqualTo(dir.resolve("mine"));
        assertThat(LlamaSettings.from(withModel.providers().getFirst().args()).model()).contains(Path.of("/x/y.gguf"));
    }

    @Test
    void activeIsTheEmbeddedEngineWhenNoLlamaServerIsInReach() throws Exception {
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                data_dir: "%s"
                providers: { model: { impl: llamacpp, args: { dist_root: "%s" } } }
                """.formatted(dir.resolve("data").toString().replace("\\", "/"),
                dir.resolve("dist").toString().replace("\\", "/")));
        TetherConfig loaded = TetherConfig.load(Optional.of(config), Map.of(), k -> null);

        EngineCatalog.Active none = EngineCatalog.active(loaded, k -> null);
        assertThat(none.llamaServer()).isFalse();
        assertThat(none.engine()).isEqualTo("embedded");
        assertThat(none.version()).contains("b4916");
    }
}
