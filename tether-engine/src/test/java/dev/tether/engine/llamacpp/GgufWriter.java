package dev.tether.engine.llamacpp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes valid llama-architecture GGUF models with random F32 weights and a SentencePiece-style vocabulary, so tests
 * and benchmarks run a real llama.cpp engine without downloading anything. What the model says is noise; how it is
 * loaded, tokenized, sampled, cached and cancelled is real.
 */
public final class GgufWriter {

    /** The default chat template: ChatML, with Hermes-style tools, as Qwen 2.5 and Hermes models ship. */
    public static final String CHATML_TEMPLATE = """
            {%- if tools %}{{- '<|im_start|>system\\n' }}{%- if messages[0]['role'] == 'system' %}\
            {{- messages[0]['content'] + '\\n\\n' }}{%- endif %}{{- '# Tools\\n\\n<tools>' }}\
            {%- for tool in tools %}{{- '\\n' }}{{- tool | tojson }}{%- endfor %}\
            {{- '\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments \
            within <tool_call></tool_call> XML tags.<|im_end|>\\n' }}\
            {%- elif messages[0]['role'] == 'system' %}\
            {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}{%- endif %}\
            {%- for message in messages %}{%- if message['role'] != 'system' %}\
            {{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}\
            {%- endif %}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}""";

    /** The shape of a generated model. */
    public record Spec(String name, int embedding, int layers, int heads, int headsKv, int feedForward,
                       int contextLength, int vocabularySize, String chatTemplate, long seed) {

        /** About 0.6 MB: 64-wide, 2 layers, a vocabulary of 512. */
        public static Spec tiny() {
            return new Spec("tether-tiny", 64, 2, 4, 2, 128, 4096, 512, CHATML_TEMPLATE, 42);
        }

        /** About 97 M parameters (390 MB): 768-wide, 12 layers, a vocabulary of 8,000. */
        public static Spec small() {
            return new Spec("tether-100m", 768, 12, 12, 12, 2048, 4096, 8000, CHATML_TEMPLATE, 42);
        }

        public Spec withChatTemplate(String template) {
            return new Spec(name, embedding, layers, heads, headsKv, feedForward, contextLength, vocabularySize,
                    template, seed);
        }

        public Spec withContextLength(int length) {
            return new Spec(name, embedding, layers, heads, headsKv, feedForward, length, vocabularySize,
                    chatTemplate, seed);
        }

        long parameterCount() {
            long kv = (long) embedding / heads * headsKv;
            long perLayer = 2L * embedding + 2L * embedding * embedding + 2L * embedding * kv
                    + 3L * embedding * feedForward;
            return 2L * vocabularySize * embedding + embedding + layers * perLayer;
        }
    }

    private record Tensor(String name, long[] shape) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private static final int ALIGNMENT = 32;

    private GgufWriter() {
    }

    /** Writes {@code spec} to {@code file} (atomically) and returns it. */
    public static Path write(Spec spec, Path file) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
            Vocabulary vocabulary = Vocabulary.sentencePiece(spec.vocabularySize());
            List<Tensor> tensors = tensors(spec, vocabulary.size());
            Map<String, Object> metadata = metadata(spec, vocabulary);
            Sink sink = new Sink(out);
            sink.header(metadata, tensors);
            SplittableRandom random = new SplittableRandom(spec.seed());
            for (Tensor t : tensors) {
                sink.weights(t, random);
            }
        }
        return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Object> metadata(Spec spec, Vocabulary vocabulary) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("general.architecture", "llama");
        m.put("general.name", spec.name());
        m.put("general.file_type", new U32(0));
        m.put("llama.context_length", new U32(spec.contextLength()));
        m.put("llama.embedding_length", new U32(spec.embedding()));
        m.put("llama.block_count", new U32(spec.layers()));
        m.put("llama.feed_forward_length", new U32(spec.feedForward()));
        m.put("llama.attention.head_count", new U32(spec.heads()));
        m.put("llama.attention.head_count_kv", new U32(spec.headsKv()));
        m.put("llama.rope.dimension_count", new U32(spec.embedding() / spec.heads()));
        m.put("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        m.put("llama.vocab_size", new U32(vocabulary.size()));
        m.put("tokenizer.ggml.model", "llama");
        m.put("tokenizer.ggml.tokens", vocabulary.tokens());
        m.put("tokenizer.ggml.scores", vocabulary.scores());
        m.put("tokenizer.ggml.token_type", vocabulary.types());
        m.put("tokenizer.ggml.unknown_token_id", new U32(Vocabulary.UNK));
        m.put("tokenizer.ggml.bos_token_id", new U32(Vocabulary.BOS));
        m.put("tokenizer.ggml.eos_token_id", new U32(Vocabulary.EOS));
        m.put("tokenizer.ggml.add_bos_token", true);
        m.put("tokenizer.ggml.add_eos_token", false);
        if (spec.chatTemplate() != null) {
            m.put("tokenizer.chat_template", spec.chatTemplate());
        }
        return m;
    }

    private static List<Tensor> tensors(Spec spec, int vocab) {
        long e = spec.embedding();
        long kv = e / spec.heads() * spec.headsKv();
        long ff = spec.feedForward();
        List<Tensor> list = new ArrayList<>();
        list.add(new Tensor("token_embd.weight", new long[]{e, vocab}));
        list.add(new Tensor("output_norm.weight", new long[]{e}));
        list.add(new Tensor("output.weight", new long[]{e, vocab}));
        for (int i = 0; i < spec.layers(); i++) {
            String p = "blk." + i + ".";
            list.add(new Tensor(p + "attn_norm.weight", new long[]{e}));
            list.add(new Tensor(p + "attn_q.weight", new long[]{e, e}));
            list.add(new Tensor(p + "attn_k.weight", new long[]{e, kv}));
            list.add(new Tensor(p + "attn_v.weight", new long[]{e, kv}));
            list.add(new Tensor(p + "attn_output.weight", new long[]{e, e}));
            list.add(new Tensor(p + "ffn_norm.weight", new long[]{e}));
            list.add(new Tensor(p + "ffn_gate.weight", new long[]{e, ff}));
            list.add(new Tensor(p + "ffn_down.weight", new long[]{ff, e}));
            list.add(new Tensor(p + "ffn_up.weight", new long[]{e, ff}));
        }
        return list;
    }

    /** An unsigned 32-bit metadata value (llama.cpp insists on the exact type for hyperparameters). */
    private record U32(long value) {}

    /** Little-endian GGUF v3 encoding. */
    private static final class Sink {
        private final OutputStream out;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long position;

        Sink(OutputStream out) {
            this.out = out;
        }

        void header(Map<String, Object> metadata, List<Tensor> tensors) throws IOException {
            u32(0x46554747);
            u32(3);
            u64(tensors.size());
            u64(metadata.size());
            for (Map.Entry<String, Object> kv : metadata.entrySet()) {
                string(kv.getKey());
                typedValue(kv.getValue());
            }
            long offset = 0;
            for (Tensor t : tensors) {
                string(t.name());
                u32(t.shape().length);
                for (long d : t.shape()) {
                    u64(d);
                }
                u32(0); // GGML_TYPE_F32
                u64(offset);
                offset = align(offset + t.elements() * 4);
            }
            pad();
        }

        void weights(Tensor t, SplittableRandom random) throws IOException {
            boolean norm = t.shape().length == 1;
            float scale = norm ? 0 : (float) (1.0 / Math.sqrt(t.shape()[0]));
            for (long i = 0; i < t.elements(); i++) {
                f32(norm ? 1f : (float) (random.nextDouble(-1, 1) * scale * 1.7));
            }
            pad();
        }

        private void typedValue(Object value) throws IOException {
            switch (value) {
                case U32 u -> { u32(4); u32((int) u.value()); }
                case Float f -> { u32(6); f32(f); }
                case Boolean b -> { u32(7); u8(b ? 1 : 0); }
                case String s -> { u32(8); string(s); }
                case String[] a -> {
                    u32(9); u32(8); u64(a.length);
                    for (String s : a) {
                        string(s);
                    }
                }
                case float[] a -> {
                    u32(9); u32(6); u64(a.length);
                    for (float f : a) {
                        f32(f);
                    }
                }
                case int[] a -> {
                    u32(9); u32(5); u64(a.length);
                    for (int i : a) {
                        u32(i);
                    }
                }
                default -> throw new IllegalArgumentException("unsupported metadata value " + value);
            }
        }

        private static long align(long n) {
            return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        }

        private void pad() throws IOException {
            while (position % ALIGNMENT != 0) {
                u8(0);
            }
            flush();
        }

        private void string(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            u64(bytes.length);
            for (byte b : bytes) {
                u8(b);
            }
        }

        private void u8(int v) throws IOException {
            room(1);
            buffer.put((byte) v);
            position += 1;
        }

        private void u32(int v) throws IOException {
            room(4);
            buffer.putInt(v);
            position += 4;
        }

        private void u64(long v) throws IOException {
            room(8);
            buffer.putLong(v);
            position += 8;
        }

        private void f32(float v) throws IOException {
            room(4);
            buffer.putFloat(v);
            position += 4;
        }

        private void room(int n) throws IOException {
            if (buffer.remaining() < n) {
                flush();
            }
        }

        private void flush() throws IOException {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
    }
}
