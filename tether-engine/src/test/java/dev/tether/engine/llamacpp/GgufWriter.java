package dev.tether.engine.llamacpp;

import dev.tether.engine.llamacpp.GgufSink.Tensor;
import dev.tether.engine.llamacpp.GgufSink.U32;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes valid GGUF models with random weights, so tests and benchmarks run a real llama.cpp engine without
 * downloading anything: {@code llama} models with a made-up SentencePiece vocabulary, and current architectures
 * ({@code qwen3}, {@code qwen3moe}) with a real tokenizer and chat template. What the model says is noise; how it
 * is loaded, tokenized, templated, sampled, cached and cancelled is real.
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

    /** The architectures this writer knows, with the tensors that set them apart. */
    public enum Architecture {
        /** Llama: separate output matrix, no per-head norms. */
        LLAMA("llama", false, 0, 0),
        /** Qwen3 (dense): per-head Q/K norms, output tied to the embedding. */
        QWEN3("qwen3", true, 0, 0),
        /** Qwen3 mixture of experts (as Qwen3-Coder-30B-A3B): QWEN3 with 8 experts, 2 used per token. */
        QWEN3MOE("qwen3moe", true, 8, 2);

        final String ggufName;
        final boolean qwen;
        final int experts;
        final int expertsUsed;

        Architecture(String ggufName, boolean qwen, int experts, int expertsUsed) {
            this.ggufName = ggufName;
            this.qwen = qwen;
            this.experts = experts;
            this.expertsUsed = expertsUsed;
        }
    }

    /**
     * The shape of a generated model. {@code feedForward} is each expert's width for a mixture of experts;
     * {@code halfPrecision} stores matrices as F16 (norms stay F32, as converters write them).
     */
    public record Spec(
            String name,
            Architecture architecture,
            int embedding,
            int layers,
            int heads,
            int headsKv,
            int feedForward,
            int contextLength,
            Tokenizer tokenizer,
            String chatTemplate,
            boolean halfPrecision,
            long seed) {

        /** About 0.6 MB: llama, 64-wide, 2 layers, a vocabulary of 512. */
        public static Spec tiny() {
            return new Spec(
                    "tether-tiny",
                    Architecture.LLAMA,
                    64,
                    2,
                    4,
                    2,
                    128,
                    4096,
                    Tokenizer.sentencePiece(512),
                    CHATML_TEMPLATE,
                    false,
                    42);
        }

        /** About 97 M parameters (390 MB): llama, 768-wide, 12 layers, a vocabulary of 8,000. */
        public static Spec small() {
            return new Spec(
                    "tether-100m",
                    Architecture.LLAMA,
                    768,
                    12,
                    12,
                    12,
                    2048,
                    4096,
                    Tokenizer.sentencePiece(8000),
                    CHATML_TEMPLATE,
                    false,
                    42);
        }

        /** 64-wide, 2 layers, F16: with Qwen's 151,936-token vocabulary about 25 MB, almost all embedding. */
        public static Spec qwen3(Architecture architecture, String name, Tokenizer tokenizer, String template) {
            int feedForward = architecture.experts > 0 ? 32 : 128;
            return new Spec(name, architecture, 64, 2, 4, 2, feedForward, 4096, tokenizer, template, true, 42);
        }

        public Spec withChatTemplate(String template) {
            return new Spec(
                    name,
                    architecture,
                    embedding,
                    layers,
                    heads,
                    headsKv,
                    feedForward,
                    contextLength,
                    tokenizer,
                    template,
                    halfPrecision,
                    seed);
        }

        public Spec withContextLength(int length) {
            return new Spec(
                    name,
                    architecture,
                    embedding,
                    layers,
                    heads,
                    headsKv,
                    feedForward,
                    length,
                    tokenizer,
                    chatTemplate,
                    halfPrecision,
                    seed);
        }

        public int vocabularySize() {
            return tokenizer.size();
        }

        long parameterCount() {
            return tensors(this).stream().mapToLong(Tensor::elements).sum();
        }

        int headSize() {
            return embedding / heads;
        }
    }

    private GgufWriter() {}

    /** Writes {@code spec} to {@code file} (atomically) and returns it. */
    public static Path write(Spec spec, Path file) throws IOException {
        Path temp = Files.createTempFile(
                file.toAbsolutePath().getParent(), file.getFileName().toString(), ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
            List<Tensor> tensors = tensors(spec);
            GgufSink sink = new GgufSink(out);
            sink.header(metadata(spec), tensors);
            SplittableRandom random = new SplittableRandom(spec.seed());
            for (Tensor t : tensors) {
                sink.weights(t, random);
            }
        }
        return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, Object> metadata(Spec spec) {
        Architecture arch = spec.architecture();
        String a = arch.ggufName;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("general.architecture", a);
        m.put("general.name", spec.name());
        m.put("general.file_type", new U32(spec.halfPrecision() ? 1 : 0));
        m.put(a + ".context_length", new U32(spec.contextLength()));
        m.put(a + ".embedding_length", new U32(spec.embedding()));
        m.put(a + ".block_count", new U32(spec.layers()));
        m.put(a + ".feed_forward_length", new U32(spec.feedForward()));
        m.put(a + ".attention.head_count", new U32(spec.heads()));
        m.put(a + ".attention.head_count_kv", new U32(spec.headsKv()));
        m.put(a + ".rope.dimension_count", new U32(spec.headSize()));
        m.put(a + ".attention.layer_norm_rms_epsilon", arch.qwen ? 1e-6f : 1e-5f);
        if (arch.qwen) {
            m.put(a + ".rope.freq_base", 1_000_000f);
            m.put(a + ".attention.key_length", new U32(spec.headSize()));
            m.put(a + ".attention.value_length", new U32(spec.headSize()));
        }
        if (arch.experts > 0) {
            m.put(a + ".expert_count", new U32(arch.experts));
            m.put(a + ".expert_used_count", new U32(arch.expertsUsed));
            m.put(a + ".expert_feed_forward_length", new U32(spec.feedForward()));
        }
        m.put(a + ".vocab_size", new U32(spec.vocabularySize()));
        m.putAll(spec.tokenizer().metadata());
        if (spec.chatTemplate() != null) {
            m.put("tokenizer.chat_template", spec.chatTemplate());
        }
        return m;
    }

    private static List<Tensor> tensors(Spec spec) {
        Architecture arch = spec.architecture();
        boolean half = spec.halfPrecision();
        long e = spec.embedding();
        long head = spec.headSize();
        long kv = head * spec.headsKv();
        long ff = spec.feedForward();
        long vocab = spec.vocabularySize();
        List<Tensor> list = new ArrayList<>();
        list.add(new Tensor("token_embd.weight", new long[] {e, vocab}, half));
        list.add(new Tensor("output_norm.weight", new long[] {e}, false));
        if (!arch.qwen) {
            list.add(new Tensor("output.weight", new long[] {e, vocab}, half));
        }
        for (int i = 0; i < spec.layers(); i++) {
            String p = "blk." + i + ".";
            list.add(new Tensor(p + "attn_norm.weight", new long[] {e}, false));
            list.add(new Tensor(p + "attn_q.weight", new long[] {e, e}, half));
            list.add(new Tensor(p + "attn_k.weight", new long[] {e, kv}, half));
            list.add(new Tensor(p + "attn_v.weight", new long[] {e, kv}, half));
            list.add(new Tensor(p + "attn_output.weight", new long[] {e, e}, half));
            if (arch.qwen) {
                list.add(new Tensor(p + "attn_q_norm.weight", new long[] {head}, false));
                list.add(new Tensor(p + "attn_k_norm.weight", new long[] {head}, false));
            }
            list.add(new Tensor(p + "ffn_norm.weight", new long[] {e}, false));
            if (arch.experts > 0) {
                long x = arch.experts;
                list.add(new Tensor(p + "ffn_gate_inp.weight", new long[] {e, x}, false));
                list.add(new Tensor(p + "ffn_gate_exps.weight", new long[] {e, ff, x}, half));
                list.add(new Tensor(p + "ffn_down_exps.weight", new long[] {ff, e, x}, half));
                list.add(new Tensor(p + "ffn_up_exps.weight", new long[] {e, ff, x}, half));
            } else {
                list.add(new Tensor(p + "ffn_gate.weight", new long[] {e, ff}, half));
                list.add(new Tensor(p + "ffn_down.weight", new long[] {ff, e}, half));
                list.add(new Tensor(p + "ffn_up.weight", new long[] {e, ff}, half));
            }
        }
        return list;
    }
}
