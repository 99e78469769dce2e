package dev.tether.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.scripted.ScriptedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderFactoryTest {

    @TempDir
    Path dir;

    private TetherConfig config(String yaml) throws Exception {
        Path file = dir.resolve("tether.yml");
        Files.writeString(file, yaml);
        return TetherConfig.load(Optional.of(file), Map.of(), k -> null);
    }

    @Test
    void anUnknownProviderStopsStartUpNamingTheKey() throws Exception {
        TetherConfig config = config("providers: { model: { impl: gpt5 } }");
        assertThatThrownBy(() -> ProviderFactory.create(config.providers()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers.model.impl: unknown provider 'gpt5'");
    }

    @Test
    void aClassThatIsNotAProviderIsRefused() throws Exception {
        TetherConfig config = config("providers: { model: { impl: java.lang.String } }");
        assertThatThrownBy(() -> ProviderFactory.create(config.providers()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a dev.tether.engine.model.ModelProvider");
    }

    @Test
    void aBrokenScriptNamesTheProblem() throws Exception {
        Path script = dir.resolve("script.yml");
        Files.writeString(script, "rules:\n  - on: user\n    match: \"(unclosed\"\n    chunks: [x]\n");
        TetherConfig config = config("providers: { model: { impl: scripted, args: { script: " + script + " } } }");
        assertThatThrownBy(() -> ProviderFactory.create(config.providers()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rules[0].match: invalid regex");
    }

    @Test
    void anExtraProvidersProblemIsNamedUnderItsOwnKey() throws Exception {
        TetherConfig config = config("""
                providers:
                  model: { impl: scripted, args: { script: "classpath:demo-script.yml" } }
                  extra:
                    - { impl: scripted, args: { script: %s } }
                """.formatted(dir.resolve("missing.yml")));
        assertThatThrownBy(() -> ProviderFactory.create(config.providers()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers.extra[0].args.script: file not found");
    }

    @Test
    void withoutAnyModelTheDemoModelIsServed() throws Exception {
        Path emptyDist = Files.createDirectory(dir.resolve("dist"));
        TetherConfig config =
                config("providers: { model: { impl: llamacpp, args: { dist_root: " + emptyDist + " } } }");
        try (ModelRouter router = ProviderFactory.create(config.providers())) {
            assertThat(router.defaultModel()).isEqualTo("demo");
            assertThat(router.models()).extracting(ModelInfo::name).containsExactly("demo");
        }
    }

    @Test
    void aModelThatLandsInDistRootLaterIsServedBesideTheDemoWithoutARestart() throws Exception {
        Path dist = dir.resolve("dist"); // not there yet: a first pull creates it
        TetherConfig config =
                config("providers: { model: { impl: llamacpp, args: { dist_root: " + dist + ", engine: embedded } } }");
        try (ModelRouter router = ProviderFactory.create(config.providers())) {
            assertThat(router.models()).extracting(ModelInfo::name).containsExactly("demo");

            Files.createDirectories(dist);
            Files.copy(TestModels.tiny(), dist.resolve("tether-tiny.gguf"));

            long deadline = System.nanoTime() + 5_000_000_000L;
            while (router.find("tether-tiny").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20); // dist_root is listed again when its mtime changes, or after 2 s
            }
            assertThat(router.models()).extracting(ModelInfo::name).containsExactly("tether-tiny", "demo");
            assertThat(router.defaultModel()).isEqualTo("tether-tiny");
            assertThat(router.providerFor("tether-tiny").getClass().getSimpleName())
                    .isEqualTo("LlamaCppProvider");
            assertThat(router.providerFor("demo")).isInstanceOf(ScriptedProvider.class);
        }
    }

    @Test
    void aLlamaCppSettingThatCannotStartLeavesTheDemoAlone() throws Exception {
        Path emptyDist = Files.createDirectory(dir.resolve("dist"));
        TetherConfig config = config("providers: { model: { impl: llamacpp, args: { dist_root: " + emptyDist
                + ", llama_server: " + dir.resolve("no-such-llama-server") + " } } }");
        try (ModelRouter router = ProviderFactory.create(config.providers())) {
            assertThat(router.models()).extracting(ModelInfo::name).containsExactly("demo");
            assertThat(router.providers()).singleElement().isInstanceOf(ScriptedProvider.class);
        }
    }
}
