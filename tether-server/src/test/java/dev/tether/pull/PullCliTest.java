package dev.tether.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class PullCliTest {

    @TempDir
    Path dir;

    private FakeHub hub;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub().file("acme/Tiny-GGUF", "Tiny-Q4_K_M.gguf", PullerTest.randomBytes(400_000, 3));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private int run(Map<String, String> env, boolean live, String... args) {
        return PullCli.run(
                args,
                env::get,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                live);
    }

    @Test
    void pullsIntoDistUsingHfEndpointAndPrintsOnlyThePathOnStdout() {
        Path dist = dir.resolve("models");

        int code = run(Map.of("HF_ENDPOINT", hub.url()), false, "acme/Tiny-GGUF:Q4_K_M", "--dist", dist.toString());

        assertThat(code).isZero();
        assertThat(dist.resolve("Tiny-Q4_K_M.gguf")).hasSize(400_000);
        assertThat(out.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(dist.resolve("Tiny-Q4_K_M.gguf").toAbsolutePath().toString());
        String progress = err.toString(StandardCharsets.UTF_8);
        assertThat(progress)
                .contains("Pulling acme/Tiny-GGUF Tiny-Q4_K_M.gguf (400.0 KB)")
                .contains("(checksum verified)")
                .contains("Model 'Tiny-Q4_K_M' is ready")
                .doesNotContain("\r"); // no redrawn bar when nobody watches a terminal
    }

    @Test
    void aLiveTerminalGetsABarWithSizeRateAndTimeLeft() {
        int code = run(Map.of("HF_ENDPOINT", hub.url()), true, "acme/Tiny-GGUF", "--dist", dir.toString());

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("\r\\[=+\\] 100%  400\\.0 KB / 400\\.0 KB  .*/s");
    }

    @Test
    void theDistRootComesFromTheConfigFile() throws IOException {
        Path config = dir.resolve("tether.yml");
        Files.writeString(
                config,
                "providers:\n  model:\n    impl: llamacpp\n    args: { dist_root: \""
                        + dir.resolve("mine").toString().replace("\\", "/") + "\" }\n");

        int code = run(Map.of("HF_ENDPOINT", hub.url()), false, "acme/Tiny-GGUF", "--config", config.toString());

        assertThat(code).isZero();
        assertThat(dir.resolve("mine").resolve("Tiny-Q4_K_M.gguf")).exists();
    }

    @Test
    void listSaysPerFileWhetherItRunsOnTheEngineHereWithoutDownloading() throws IOException {
        byte[] qwen3 = Files.readAllBytes(dev.tether.engine.llamacpp.TestModels.generate(
                dev.tether.engine.llamacpp.GgufWriter.Spec.qwen3(
                        dev.tether.engine.llamacpp.GgufWriter.Architecture.QWEN3,
                        "q",
                        dev.tether.engine.llamacpp.Tokenizer.sentencePiece(256),
                        null),
                "q.gguf"));
        hub.file(
                        "acme/Mixed-GGUF",
                        "tiny-Q4_K_M.gguf",
                        Files.readAllBytes(dev.tether.engine.llamacpp.TestModels.tiny()))
                .file("acme/Mixed-GGUF", "qwen3-Q8_0.gguf", qwen3);

        int code = run(Map.of("HF_ENDPOINT", hub.url()), false, "acme/Mixed-GGUF", "--list", "--dist", dir.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String listing = out.toString(StandardCharsets.UTF_8);
        assertThat(listing)
                .contains("acme/Mixed-GGUF (engine here: embedded b4916)")
                .containsPattern("tiny-Q4_K_M.gguf .* llama .* F32  context 4096  \\(default\\)\\R    runs: runs here")
                .containsPattern("qwen3-Q8_0.gguf .* qwen3 .*\\R    needs_engine: qwen3 needs the llama.cpp engine.*"
                        + "tether engine install");
        assertThat(dir).isEmptyDirectory();

        // a pull of a model the engine cannot run says so before it downloads
        out.reset();
        assertThat(run(Map.of("HF_ENDPOINT", hub.url()), false, "acme/Mixed-GGUF:Q8_0", "--dist", dir.toString()))
                .isZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("note: qwen3-Q8_0.gguf: qwen3 needs the llama.cpp engine");
    }

    @Test
    void failuresAndBadArgumentsSayWhyWithExitCodes() {
        assertThat(run(Map.of("HF_ENDPOINT", hub.url()), false, "acme/Missing-GGUF", "--dist", dir.toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("tether pull: the hub at " + hub.url() + " has no acme/Missing-GGUF");
        err.reset();

        assertThat(run(Map.of(), false, "just-a-name")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("owner/repo[:quant]")
                .contains("Usage: tether pull");
    }

    @Test
    void formatsSizesAndDurationsForPeople() {
        assertThat(ProgressBar.size(999)).isEqualTo("999 B");
        assertThat(ProgressBar.size(2_500_000_000L)).isEqualTo("2.5 GB");
        assertThat(ProgressBar.duration(41)).isEqualTo("41s");
        assertThat(ProgressBar.duration(125)).isEqualTo("2m05s");
        assertThat(ProgressBar.duration(3_720)).isEqualTo("1h02m");
        assertThat(ProgressBar.line(new PullEvent.Progress(1_250_000_000L, 2_500_000_000L, 25_000_000)))
                .isEqualTo("[==============>               ]  50%  1.3 GB / 2.5 GB  25.0 MB/s  50s left");
    }

    @Test
    void withoutATerminalAProgressLineIsPrintedEveryFewSeconds() {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        long[] now = {0};
        ProgressBar bar = new ProgressBar(
                new PrintStream(shown, true, StandardCharsets.UTF_8), false, Duration.ofSeconds(5), () -> now[0]);

        for (int second = 0; second <= 12; second++) {
            now[0] = TimeUnit.SECONDS.toNanos(second);
            bar.accept(new PullEvent.Progress(second * 1_000_000L, 100_000_000L, 1_000_000));
        }

        assertThat(shown.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "[                              ]   0%  0 B / 100.0 MB  1.0 MB/s  1m40s left",
                        "[=>                            ]   5%  5.0 MB / 100.0 MB  1.0 MB/s  1m35s left",
                        "[==>                           ]  10%  10.0 MB / 100.0 MB  1.0 MB/s  1m30s left");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "a signal that runs shutdown hooks is POSIX behaviour")
    void aPullStoppedBySignalKeepsItsPartAndSaysHowToResume() throws Exception {
        hub.throttle(20_000); // 400 KB at 20 KB/s: still running when the signal comes
        Path dist = dir.resolve("models");
        Path errFile = dir.resolve("pull-err.txt");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                        PullCli.class.getName(),
                        "acme/Tiny-GGUF:Q4_K_M",
                        "--dist",
                        dist.toString())
                .directory(dir.toFile())
                .redirectError(errFile.toFile());
        builder.environment().put("HF_ENDPOINT", hub.url());
        builder.environment().remove("TETHER_CONFIG");
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(errFile) && Files.readString(errFile).contains("Pulling acme/Tiny-GGUF"))) {
                assertThat(System.nanoTime())
                        .as("waiting for the pull to start")
                        .isLessThan(deadline);
                assertThat(process.isAlive())
                        .as(Files.exists(errFile) ? Files.readString(errFile) : "")
                        .isTrue();
                Thread.sleep(50);
            }
            process.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(Files.readString(errFile))
                .contains("tether pull: stopped. What was downloaded is kept; run the same command to resume: "
                        + "tether pull acme/Tiny-GGUF:Q4_K_M --dist " + dist);
        assertThat(dist.resolve("Tiny-Q4_K_M.gguf")).doesNotExist();
    }

    @Test
    void aStoppedPullSaysHowToResume() {
        assertThat(PullCli.resumeHint(new String[] {"acme/Tiny-GGUF:Q4_K_M", "--dist", "models"}))
                .isEqualTo("tether pull: stopped. What was downloaded is kept; run the same command to resume: "
                        + "tether pull acme/Tiny-GGUF:Q4_K_M --dist models");
    }
}
