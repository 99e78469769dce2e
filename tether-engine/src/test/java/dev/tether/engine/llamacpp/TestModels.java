package dev.tether.engine.llamacpp;

import dev.tether.engine.llamacpp.GgufSink.U32;
import dev.tether.engine.llamacpp.GgufWriter.Architecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated models for tests, written once per JVM into a temp folder and shared. {@link #qwen3()} and
 * {@link #qwen3Coder()} read their vocabulary and chat template from the llama.cpp source tree
 * ({@link LlamaCppBuild#source()}), so a test that uses them is skipped without one (and fails on CI).
 */
public final class TestModels {

    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;
    /**
     * The qwen2 vocab file has padding where Qwen2.5 and Qwen3 added these tokens (ids from 151646 on, in order):
     * named as Qwen3's tokenizer names them, so its template's tags are single tokens, as in a real Qwen3 GGUF.
     */
    private static final String[] QWEN3_ADDED_TOKENS = {
        "<|object_ref_start|>",
        "<|object_ref_end|>",
        "<|box_start|>",
        "<|box_end|>",
        "<|quad_start|>",
        "<|quad_end|>",
        "<|vision_start|>",
        "<|vision_end|>",
        "<|vision_pad|>",
        "<|image_pad|>",
        "<|video_pad|>",
        "<tool_call>",
        "</tool_call>",
        "<|fim_prefix|>",
        "<|fim_middle|>",
        "<|fim_suffix|>",
        "<|fim_pad|>",
        "<|repo_name|>",
        "<|file_sep|>",
        "<tool_response>",
        "</tool_response>",
        "<think>",
        "</think>"
    };

    private static final int QWEN3_FIRST_ADDED = 151646;
    /** The first eleven are special (control) tokens; the tool, code and reasoning tags are user-defined. */
    private static final int QWEN3_CONTROL_TOKENS = 11;

    private static Path tiny;
    private static Path qwen3;
    private static Path qwen3Coder;

    private TestModels() {}

    /** The tiny ChatML model (about 0.6 MB), generated on first use. */
    public static synchronized Path tiny() {
        if (tiny == null) {
            tiny = generate(GgufWriter.Spec.tiny(), "tether-tiny.gguf");
        }
        return tiny;
    }

    /**
     * A random-weight {@code qwen3} model (about 25 MB): Qwen3's real tokenizer (151,936 tokens, the qwen2
     * pre-tokenizer, {@code <|im_end|>} as end of turn) and Qwen3-0.6B's real chat template, with
     * {@code <think>} reasoning and Hermes-style {@code <tool_call>} JSON. The embedded binding cannot load it.
     */
    public static synchronized Path qwen3() {
        if (qwen3 == null) {
            qwen3 = generate(
                    GgufWriter.Spec.qwen3(
                            Architecture.QWEN3, "tether-qwen3", qwen3Tokenizer(), template("Qwen-Qwen3-0.6B.jinja")),
                    "tether-qwen3.gguf");
        }
        return qwen3;
    }

    /**
     * A random-weight {@code qwen3moe} model (8 experts, 2 used; about 25 MB) with Qwen3's tokenizer and
     * Qwen3-Coder's real chat template, whose tool calls are XML ({@code <function=NAME><parameter=P>…}).
     */
    public static synchronized Path qwen3Coder() {
        if (qwen3Coder == null) {
            qwen3Coder = generate(
                    GgufWriter.Spec.qwen3(
                            Architecture.QWEN3MOE,
                            "tether-qwen3-coder",
                            qwen3Tokenizer(),
                            template("Qwen3-Coder.jinja")),
                    "tether-qwen3-coder.gguf");
        }
        return qwen3Coder;
    }

    /** The width of {@link #bertEmbedder()}'s vectors. */
    public static final int BERT_WIDTH = 64;

    private static Path bertEmbedder;

    /**
     * A random-weight {@code bert} embedding model (mean pooling, two layers, {@value #BERT_WIDTH} wide, about
     * 9 MB) with llama.cpp's bge vocabulary, written by {@code models/bert_embedder.py} with llama.cpp's gguf-py;
     * needs {@code python3} with numpy.
     */
    public static synchronized Path bertEmbedder() {
        if (bertEmbedder == null) {
            try {
                Path dir = Files.createTempDirectory("tether-models");
                dir.toFile().deleteOnExit();
                Path file = dir.resolve("tether-bert.gguf");
                // copied out, as the resource may be inside the test jar
                Path script = dir.resolve("bert_embedder.py");
                try (var in = TestModels.class.getResourceAsStream("/models/bert_embedder.py")) {
                    Files.copy(in, script);
                }
                script.toFile().deleteOnExit();
                Process python = new ProcessBuilder(
                                "python3",
                                script.toString(),
                                LlamaCppBuild.source().toString(),
                                file.toString(),
                                String.valueOf(BERT_WIDTH))
                        .redirectErrorStream(true)
                        .start();
                String output = new String(python.getInputStream().readAllBytes());
                if (python.waitFor() != 0) {
                    throw new IllegalStateException("bert_embedder.py failed: " + output);
                }
                file.toFile().deleteOnExit();
                bertEmbedder = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return bertEmbedder;
    }

    /**
     * The random-weight qwen3 of {@link #qwen3()} at a size whose KV cache is worth saving: 512 wide, 8 layers, 8 heads
     * (4 for keys and values), a 16k context (about 170 MB; for {@code bench/kv-resume}, not for tests).
     */
    public static Path qwen3Wide() {
        return generate(
                new GgufWriter.Spec(
                        "tether-qwen3-512x8",
                        Architecture.QWEN3,
                        512,
                        8,
                        8,
                        4,
                        1536,
                        16384,
                        qwen3Tokenizer(),
                        template("Qwen-Qwen3-0.6B.jinja"),
                        true,
                        42),
                "tether-qwen3-512x8.gguf");
    }

    /** Writes {@code spec} into a fresh temp folder under {@code name}. */
    public static Path generate(GgufWriter.Spec spec, String name) {
        try {
            Path dir = Files.createTempDirectory("tether-models");
            dir.toFile().deleteOnExit();
            Path file = GgufWriter.write(spec, dir.resolve(name));
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Tokenizer qwen3Tokenizer() {
        Tokenizer tokenizer = Tokenizer.fromGguf(LlamaCppBuild.sourceFile("models/ggml-vocab-qwen2.gguf"));
        for (int i = 0; i < QWEN3_ADDED_TOKENS.length; i++) {
            int type = i < QWEN3_CONTROL_TOKENS ? CONTROL : USER_DEFINED;
            tokenizer = tokenizer.withToken(QWEN3_FIRST_ADDED + i, QWEN3_ADDED_TOKENS[i], type);
        }
        return tokenizer
                .with("tokenizer.ggml.eos_token_id", new U32(tokenizer.id("<|im_end|>")))
                .with("tokenizer.ggml.add_bos_token", false);
    }

    private static String template(String file) {
        try {
            return Files.readString(LlamaCppBuild.sourceFile("models/templates/" + file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
