package dev.tether.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantPickerTest {

    private static HubFile file(String path, long size) {
        return new HubFile(path, size, Optional.empty());
    }

    private static final List<HubFile> QWEN = List.of(
            file("README.md", 10),
            file("Qwen3-4B-IQ4_XS.gguf", 2_300),
            file("Qwen3-4B-Q4_K_M.gguf", 2_500),
            file("Qwen3-4B-Q8_0.gguf", 4_300),
            file("mmproj-Qwen3-4B-F16.gguf", 600),
            file("Qwen3-4B-BF16-00001-of-00002.gguf", 5_000),
            file("Qwen3-4B-BF16-00002-of-00002.gguf", 3_000));

    @ParameterizedTest
    @CsvSource({
        "'',        Qwen3-4B-Q4_K_M.gguf",
        "Q4_K_M,    Qwen3-4B-Q4_K_M.gguf",
        "q8_0,      Qwen3-4B-Q8_0.gguf",
        "IQ4_XS,    Qwen3-4B-IQ4_XS.gguf"
    })
    void picksTheQuantAskedForOrTheDefault(String quant, String expected) {
        assertThat(QuantPicker.pick(
                                "Qwen/Qwen3-4B-GGUF", QWEN, Optional.of(quant).filter(q -> !q.isBlank()))
                        .path())
                .isEqualTo(expected);
    }

    @Test
    void aQuantMatchesWholeWordsOnly() {
        assertThat(QuantPicker.hasQuant(file("x-IQ4_K_M.gguf", 1), "Q4_K_M")).isFalse();
        assertThat(QuantPicker.hasQuant(file("sub/x.Q4_K_M.gguf", 1), "Q4_K_M")).isTrue();
    }

    @Test
    void withoutAPreferredQuantTheSmallestFileIsPicked() {
        List<HubFile> files = List.of(file("a-F16.gguf", 900), file("a-Q3_K_L.gguf", 300), file("a-Q2_K.gguf", 200));

        assertThat(QuantPicker.pick("a/b", files, Optional.empty()).path()).isEqualTo("a-Q2_K.gguf");
    }

    @Test
    void splitFilesAndReposWithoutGgufAreRefusedWithAReason() {
        assertThatThrownBy(() -> QuantPicker.pick("Qwen/Qwen3-4B-GGUF", QWEN, Optional.of("BF16")))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.code()).isEqualTo("split_gguf"));
        assertThatThrownBy(() ->
                        QuantPicker.pick("Qwen/Qwen3-4B", List.of(file("model.safetensors", 9)), Optional.empty()))
                .hasMessageContaining("has no .gguf files");
    }

    @ParameterizedTest
    @CsvSource({"'Qwen3-4B-GGUF'", "'a/b/c'", "'../x'", "'a/b:Q4 K'", "''"})
    void aModelNameThatIsNotOwnerSlashRepoIsABadRequest(String spec) {
        assertThatThrownBy(() -> PullRequest.parse(spec))
                .isInstanceOfSatisfying(
                        PullException.class, e -> assertThat(e.kind()).isEqualTo(PullException.Kind.BAD_REQUEST));
    }

    @Test
    void parsesOwnerRepoAndQuant() {
        assertThat(PullRequest.parse(" Qwen/Qwen3-4B-GGUF:Q4_K_M "))
                .isEqualTo(new PullRequest("Qwen/Qwen3-4B-GGUF", Optional.of("Q4_K_M")));
        assertThat(PullRequest.parse("a/b:")).isEqualTo(new PullRequest("a/b", Optional.empty()));
    }
}
