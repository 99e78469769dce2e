package dev.tether.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tether pull} against a hostile hub: one clear line on stderr and exit code 1, never a stack trace. */
class HostileHubCliTest {

    private static final String REPO = "acme/Tiny-GGUF";

    @TempDir
    Path dir;

    private FakeHub hub;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub().file(REPO, "Tiny-Q4_K_M.gguf", PullerTest.randomBytes(50_000, 5));
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private int run(String... args) {
        return PullCli.run(
                args,
                Map.of("HF_ENDPOINT", hub.url())::get,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
    }

    private String lastLine() {
        return err.toString(StandardCharsets.UTF_8)
                .strip()
                .lines()
                .reduce((a, b) -> b)
                .orElse("");
    }

    @Test
    void aRedirectToFtpIsOneClearLine() {
        hub.cdn(REPO, "ftp://127.0.0.1:1");

        int code = run(REPO, "--dist", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(lastLine()).startsWith("tether pull: the hub redirected").contains("ftp:");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aFileWithoutAChecksumNeedsNoVerify() {
        hub.withoutSha("Tiny-Q4_K_M.gguf");

        int refused = run(REPO, "--dist", dir.toString());
        String refusal = lastLine();
        int accepted = run(REPO, "--dist", dir.toString(), "--no-verify");

        assertThat(refused).isEqualTo(1);
        assertThat(refusal)
                .startsWith("tether pull: the hub publishes no SHA-256")
                .contains("--no-verify");
        assertThat(accepted).isZero();
        assertThat(dir.resolve("Tiny-Q4_K_M.gguf")).hasSize(50_000);
    }
}
