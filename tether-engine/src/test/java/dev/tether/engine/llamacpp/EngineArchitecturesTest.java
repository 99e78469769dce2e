package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The architecture lists shipped as resources match their sources. */
class EngineArchitecturesTest {

    @Test
    void llamaServersListIsTheOneInTheSourceTreeWeBuild() throws IOException {
        String source = Files.readString(LlamaCppBuild.sourceFile("src/llama-arch.cpp"));
        String table = source.substring(
                source.indexOf("LLM_ARCH_NAMES = {"), source.indexOf("};", source.indexOf("LLM_ARCH_NAMES = {")));
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\{\\s*LLM_ARCH_\\w+,\\s*\"([^\"]+)\"").matcher(table);
        while (m.find()) {
            names.add(m.group(1));
        }
        names.remove("clip");
        names.remove("(unknown)");

        assertThat(names).hasSizeGreaterThan(100);
        assertThat(EngineArchitectures.llamaServer("0.5.0-dev (build 1, commit de3ff81)"))
                .containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void theEmbeddedListIsOlderThanLlamaServersAndLacksQwen3() {
        assertThat(EngineArchitectures.embedded())
                .hasSize(59)
                .contains("llama", "qwen2", "gemma3", "phi3")
                .doesNotContain("qwen3", "gemma3n", "gpt-oss", "llama4");
    }
}
