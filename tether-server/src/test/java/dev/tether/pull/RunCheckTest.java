package dev.tether.pull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.llamacpp.EngineArchitectures;
import dev.tether.engine.llamacpp.GgufSummary;
import dev.tether.engine.llamacpp.LocalEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verdict per file, from a header's facts, the engine in use and the free memory. */
class RunCheckTest {

    private static final long GB = 1_000_000_000L;
    private static final LocalEngine EMBEDDED =
            new LocalEngine("embedded", Optional.empty(), "b4916", List.of(), EngineArchitectures.embedded(), 0, 2);
    private static final LocalEngine SERVER = new LocalEngine(
            "llama-server",
            Optional.of(Path.of("llama-server")),
            "0.5.0-dev (build 1, commit de3ff81)",
            List.of(),
            EngineArchitectures.llamaServer("x"),
            0,
            2);
    private static final LocalEngine NONE = new LocalEngine("none", Optional.empty(), "", List.of(), Set.of(), 0, 1);

    /** Qwen3-4B's shape: 36 layers, 8 KV heads of 128, 40,960 tokens of training context. */
    private static HeaderProbe.Result header(String architecture) {
        return new HeaderProbe.Result(
                Optional.of(new GgufSummary(architecture, "Q4_K_M", 4_022_468_096L, 40_960, 36L * 8 * (128 + 128) * 2)),
                Optional.empty());
    }

    @Test
    void theEmbeddedEngineRunsOldArchitecturesAndSendsNewOnesToLlamaServer() {
        Verdict llama = RunCheck.judge(2 * GB, header("llama"), EMBEDDED, 16 * GB);
        Verdict qwen3 = RunCheck.judge(2 * GB, header("qwen3"), EMBEDDED, 16 * GB);

        assertThat(llama.kind()).isEqualTo(Verdict.Kind.RUNS);
        assertThat(llama.reason()).contains("embedded engine (llama.cpp b4916)");
        assertThat(qwen3.kind()).isEqualTo(Verdict.Kind.NEEDS_ENGINE);
        assertThat(qwen3.reason()).contains("qwen3 needs the llama.cpp engine", "tether engine install");
    }

    @Test
    void llamaServerRunsCurrentArchitectures() {
        assertThat(RunCheck.judge(2 * GB, header("qwen3"), SERVER, 16 * GB).kind())
                .isEqualTo(Verdict.Kind.RUNS);
        assertThat(RunCheck.judge(2 * GB, header("gemma3n"), SERVER, 16 * GB).kind())
                .isEqualTo(Verdict.Kind.RUNS);
        assertThat(RunCheck.judge(2 * GB, header("llama"), NONE, 16 * GB).kind())
                .isEqualTo(Verdict.Kind.NEEDS_ENGINE);
    }

    @Test
    void theKvCacheOfTheConfiguredContextCountsWithTheWeights() {
        // n_ctx 0: the training context capped at 4096, × 2 sequences: 8,192 tokens × 147,456 bytes = 1.2 GB
        Verdict fits = RunCheck.judge(2 * GB, header("llama"), EMBEDDED, 4 * GB);
        Verdict tight = RunCheck.judge(2 * GB, header("llama"), EMBEDDED, 3 * GB);

        assertThat(fits.neededBytes()).isEqualTo(2 * GB + 8192L * 147_456);
        assertThat(fits.kind()).isEqualTo(Verdict.Kind.RUNS);
        assertThat(tight.kind()).isEqualTo(Verdict.Kind.TOO_BIG);
        assertThat(tight.reason()).contains("too big for this machine", "KV cache of 8192 tokens");
        LocalEngine longContext = new LocalEngine(
                "embedded", Optional.empty(), "b4916", List.of(), EngineArchitectures.embedded(), 32_768, 1);
        assertThat(RunCheck.judge(2 * GB, header("llama"), longContext, 4 * GB).kind())
                .isEqualTo(Verdict.Kind.TOO_BIG);
    }

    @Test
    void aGpuThatReportsMoreFreeMemoryIsWhatTheModelIsWeighedAgainst() {
        LocalEngine cuda = new LocalEngine(
                "llama-server",
                Optional.empty(),
                "b7000",
                List.of("CUDA0: NVIDIA GeForce RTX 4090 (24564 MiB, 23000 MiB free)"),
                EngineArchitectures.llamaServer(""),
                0,
                2);

        Verdict verdict = RunCheck.judge(20 * GB, header("qwen3"), cuda, 8 * GB);

        assertThat(verdict.kind()).isEqualTo(Verdict.Kind.RUNS);
        assertThat(verdict.availableBytes()).isEqualTo(23_000L << 20);
        assertThat(verdict.reason()).contains("free on the GPU");
    }

    @Test
    void anUnknownArchitectureAndAnUnreadableHeaderAreSaidAsSuch() {
        HeaderProbe.Result broken = new HeaderProbe.Result(Optional.empty(), Optional.of("not a GGUF file"));

        assertThat(RunCheck.judge(GB, header("not-a-model"), SERVER, 16 * GB).kind())
                .isEqualTo(Verdict.Kind.UNSUPPORTED);
        assertThat(RunCheck.judge(GB, broken, SERVER, 16 * GB).kind()).isEqualTo(Verdict.Kind.UNKNOWN);
        // the size alone can still say that it will not fit
        assertThat(RunCheck.judge(100 * GB, broken, SERVER, 16 * GB).kind()).isEqualTo(Verdict.Kind.TOO_BIG);
    }

    @Test
    void theArchitectureListsComeFromTheirSources() {
        assertThat(EngineArchitectures.embedded())
                .contains("llama", "qwen2", "gemma3", "phi3", "deepseek2", "command-r")
                .doesNotContain("qwen3", "qwen3moe", "gemma3n", "llama4", "gpt-oss", "clip");
        assertThat(EngineArchitectures.llamaServer("anything newer"))
                .contains("qwen3", "qwen3moe", "gemma3n", "llama4", "llama")
                .doesNotContain("clip", "(unknown)");
        assertThat(EngineArchitectures.llamaServer("")).containsAll(EngineArchitectures.embedded());
    }
}
