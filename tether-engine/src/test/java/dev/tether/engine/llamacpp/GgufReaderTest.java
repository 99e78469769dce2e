package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatTheWriterWrote() throws IOException {
        GgufWriter.Spec spec =
                GgufWriter.Spec.tiny().withChatTemplate("{{ messages }}").withContextLength(2048);
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
        assertThat(header.chatTemplate())
                .hasValueSatisfying(t -> assertThat(t).contains("<tool_call>", "enable_thinking"));
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

        assertThatThrownBy(() -> GgufReader.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("GGUF");
    }

    @Test
    void refusesATruncatedHeader() throws IOException {
        byte[] model = Files.readAllBytes(TestModels.tiny());
        Path file = Files.write(dir.resolve("cut.gguf"), java.util.Arrays.copyOf(model, 200));

        assertThatThrownBy(() -> GgufReader.read(file)).isInstanceOf(IOException.class);
    }

    @Test
    void aStringPastTheCapIsRefusedByName() throws IOException {
        Path file = Files.write(dir.resolve("s.gguf"), header(1, kv("big", 8, le(2_000_000L))));

        assertThatThrownBy(() -> GgufReader.read(file, new GgufLimits(1_000_000, 100, 10_000_000)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("2000000 bytes exceeds the cap of 1000000")
                .hasMessageContaining("header_max_string_bytes");
    }

    @Test
    void anArrayPastTheCapIsRefusedEvenWhenItWouldBeSkipped() throws IOException {
        byte[] array = concat(le32(4), le(1L << 40));
        Path file = Files.write(dir.resolve("a.gguf"), header(1, kv("many", 9, array)));

        assertThatThrownBy(() -> GgufReader.read(file, GgufLimits.DEFAULT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("header_max_array_length");
    }

    @Test
    void manySmallStringsWithinTheirCapStillMeetTheKeptTotal() throws IOException {
        byte[] value = concat(le(1000L), new byte[1000]);
        byte[][] kvs = new byte[50][];
        for (int i = 0; i < kvs.length; i++) {
            kvs[i] = kv("k" + i, 8, value);
        }
        Path file = Files.write(dir.resolve("k.gguf"), header(kvs.length, kvs));

        assertThat(GgufReader.read(file, new GgufLimits(1000, 100, 100_000)).metadata())
                .hasSize(50);
        assertThatThrownBy(() -> GgufReader.read(file, new GgufLimits(1000, 100, 20_000)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("header_max_kept_bytes");
    }

    @Test
    void deeplyNestedArraysAreRefusedNotAStackOverflow() throws IOException {
        byte[] nested = concat(le32(4), le(0L));
        for (int depth = 0; depth < 10_000; depth++) {
            nested = concat(le32(9), le(1L), nested);
        }
        Path file = Files.write(dir.resolve("n.gguf"), header(1, kv("deep", 9, nested)));

        assertThatThrownBy(() -> GgufReader.read(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nested");
    }

    @Test
    void theSummaryReadsAStreamThatEndsAfterTheHeaderWithoutItsTokens() throws IOException {
        GgufWriter.Spec spec = GgufWriter.Spec.tiny().withContextLength(2048);
        byte[] model = Files.readAllBytes(GgufWriter.write(spec, dir.resolve("m.gguf")));
        byte[] start = java.util.Arrays.copyOf(model, 64 * 1024);

        GgufSummary summary =
                GgufSummary.read(new java.io.ByteArrayInputStream(start), model.length, GgufLimits.DEFAULT);

        assertThat(summary.architecture()).isEqualTo("llama");
        assertThat(summary.quantization()).isEqualTo("F32");
        assertThat(summary.parameters()).isEqualTo(spec.parameterCount());
        assertThat(summary.contextLength()).isEqualTo(2048);
        // 2 layers × 2 KV heads × (16 + 16) × 2 bytes
        assertThat(summary.kvBytesPerToken()).isEqualTo(2L * 2 * (16 + 16) * 2);
        assertThatThrownBy(() -> GgufSummary.read(
                        new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(model, 300)),
                        model.length,
                        GgufLimits.DEFAULT))
                .isInstanceOf(java.io.EOFException.class);
    }

    private static byte[] header(long kvCount, byte[]... kvs) {
        return concat(concat("GGUF".getBytes(), le32(3), le(0L), le(kvCount)), concat(kvs));
    }

    private static byte[] kv(String key, int type, byte[] value) {
        return concat(le((long) key.length()), key.getBytes(), le32(type), value);
    }

    private static byte[] le(long v) {
        return java.nio.ByteBuffer.allocate(8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(v)
                .array();
    }

    private static byte[] le32(int v) {
        return java.nio.ByteBuffer.allocate(4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(v)
                .array();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
