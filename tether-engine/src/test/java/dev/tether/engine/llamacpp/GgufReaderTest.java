package dev.tether.engine.llamacpp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GgufReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatTheWriterWrote() throws IOException {
        GgufWriter.Spec spec = GgufWriter.Spec.tiny().withChatTemplate("{{ messages }}").withContextLength(2048);
        GgufHeader header = GgufReader.read(GgufWriter.write(spec, dir.resolve("m.gguf")));

        assertThat(header.version()).isEqualTo(3);
        assertThat(header.architecture()).isEqualTo("llama");
        assertThat(header.quantization()).isEqualTo("F32");
        assertThat(header.contextLength()).isEqualTo(2048);
        assertThat(header.parameterCount()).isEqualTo(spec.parameterCount());
        assertThat(header.fileSize()).isEqualTo(Files.size(dir.resolve("m.gguf")));
        assertThat(header.chatTemplate()).contains("{{ messages }}");
        assertThat(header.tokens()).hasSize(spec.vocabularySize()).contains("<0x00>", "<0xFF>", "<|im_end|>");
        assertThat(header.token("tokenizer.ggml.bos_token_id")).contains("<s>");
        assertThat(header.token("tokenizer.ggml.eos_token_id")).contains("</s>");
        assertThat(header.string("tokenizer.ggml.model")).contains("llama");
    }

    @Test
    void aQwen3ModelCarriesQwen3sRealTokenizerAndTemplate() throws IOException {
        GgufHeader header = GgufReader.read(TestModels.qwen3());

        assertThat(header.architecture()).isEqualTo("qwen3");
        assertThat(header.quantization()).isEqualTo("F16");
        assertThat(header.tokens()).hasSize(151_936).contains("<think>", "</think>", "<tool_call>");
        assertThat(header.string("tokenizer.ggml.pre")).contains("qwen2");
        assertThat(header.token("tokenizer.ggml.eos_token_id")).contains("<|im_end|>");
        assertThat(header.chatTemplate()).hasValueSatisfying(t -> assertThat(t).contains("<tool_call>", "enable_thinking"));
        assertThat(header.fileSize()).isBetween(20L << 20, 30L << 20);
    }

    @Test
    void aQwen3CoderModelIsAMixtureOfExpertsWithItsXmlToolTemplate() throws IOException {
        GgufHeader header = GgufReader.read(TestModels.qwen3Coder());

        assertThat(header.architecture()).isEqualTo("qwen3moe");
        assertThat(header.tokens()).hasSize(151_936);
        assertThat(header.chatTemplate()).hasValueSatisfying(t -> assertThat(t).contains("<function="));
    }

    @Test
    void theTinyModelIsUnderOneMegabyte() throws IOException {
        assertThat(Files.size(TestModels.tiny())).isLessThan(1 << 20);
    }

    @Test
    void refusesAFileThatIsNotGguf() throws IOException {
        Path file = Files.writeString(dir.resolve("x.gguf"), "not a model at all");

        assertThatThrownBy(() -> GgufReader.read(file)).isInstanceOf(IOException.class).hasMessageContaining("GGUF");
    }

    @Test
    void refusesATruncatedHeader() throws IOException {
        byte[] model = Files.readAllBytes(TestModels.tiny());
        Path file = Files.write(dir.resolve("cut.gguf"), java.util.Arrays.copyOf(model, 200));

        assertThatThrownBy(() -> GgufReader.read(file)).isInstanceOf(IOException.class);
    }
}
