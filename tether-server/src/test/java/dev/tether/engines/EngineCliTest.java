package dev.tether.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code tether engine install|list|remove} in-process, on this machine's real facts, against a fake GitHub. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the fake engine is a shell script in a Linux release archive")
@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
class EngineCliTest {

    @TempDir
    Path dir;

    private FakeGitHub github;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        github = new FakeGitHub();
        for (String platform : List.of("ubuntu-x64", "ubuntu-vulkan-x64")) {
            github.asset(
                    "b7311",
                    "llama-b7311-bin-" + platform + ".tar.gz",
                    EngineInstallerTest.archive(TestArchives.fakeServer("7311 (" + platform + ")")));
        }
        Files.writeString(dir.resolve("tether.yml"), """
                data_dir: "%s"
                providers:
                  model: { impl: llamacpp, args: { dist_root: "%s" } }
                engines: { endpoint: "%s" }
                """.formatted(
                        yaml(dir.resolve("data")), yaml(dir.resolve("dist")), github.url()));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void installsListsAndRemoves() {
        assertThat(run("install", "--backend", "cpu")).as(err()).isZero();
        Path server =
                dir.resolve("data/engines/b7311-cpu/build/bin/llama-server").toAbsolutePath();
        assertThat(out().strip()).isEqualTo(server.toString());
        assertThat(err())
                .contains("Installing llama.cpp b7311 llama-b7311-bin-ubuntu-x64.tar.gz")
                .contains("Engine b7311-cpu (llama.cpp 7311 (ubuntu-x64)");

        out.reset();
        assertThat(run("list")).isZero();
        assertThat(out())
                .contains("b7311-cpu  cpu  " + server)
                .contains("Machine: Linux x64 with")
                .contains("auto installs: llama-<tag>-bin-ubuntu");

        assertThat(run("remove", "b7311-cpu")).isZero();
        assertThat(dir.resolve("data/engines/b7311-cpu")).doesNotExist();
    }

    @Test
    void failuresAreOneLineAndANonZeroExit() {
        github.apiFails(403, true);
        assertThat(run("install")).isEqualTo(1);
        assertThat(err().lines().toList())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("tether engine: GitHub's API rate limit is used up");

        err.reset();
        assertThat(run("remove", "b1-cpu")).isEqualTo(1);
        assertThat(err().strip()).isEqualTo("tether engine: no engine b1-cpu in " + dir.resolve("data/engines"));

        err.reset();
        assertThat(run("install", "--backend", "tpu")).isEqualTo(2);
        assertThat(err().lines().toList()).hasSize(1).first().asString().contains("backend must be one of");

        err.reset();
        assertThat(run("install", "--version", "latest")).isEqualTo(2);
        assertThat(err()).contains("b followed by digits");

        err.reset();
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).startsWith("tether engine: unknown command frobnicate");
    }

    private int run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = dir.resolve("tether.yml").toString();
        Map<String, String> env = Map.of();
        return EngineCli.run(
                all,
                env::get,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String yaml(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "/");
    }
}
