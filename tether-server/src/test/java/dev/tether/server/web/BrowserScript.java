package dev.tether.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the playwright-core scripts in {@code src/test/web} in Debian's Chromium and checks that it passed.
 * Without the browser or the npm packages the test is skipped, except on CI, where it must run.
 */
final class BrowserScript {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path E2E_DIR = Path.of("src/test/web");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private BrowserScript() {}

    /** Skips the test (or fails it on CI) when Chromium or playwright-core is missing. */
    static void assumeBrowser() {
        if ("true".equals(System.getenv("CI"))) {
            assertThat(CHROMIUM)
                    .as("CI needs Debian's chromium (./run-tests installs it)")
                    .isExecutable();
            assertThat(E2E_DIR.resolve("node_modules/playwright-core"))
                    .as("CI needs npm ci in src/test/web")
                    .isDirectory();
        }
        assumeTrue(Files.isExecutable(CHROMIUM), "needs Debian's chromium (apt-get install -y chromium)");
        assumeTrue(
                Files.isDirectory(E2E_DIR.resolve("node_modules/playwright-core")),
                "needs the npm packages: ./run-tests installs them (npm ci in src/test/web)");
    }

    /**
     * Runs {@code node script args… SCREENSHOTS} with its output in {@code target/web-<script>.log}; asserts that it
     * finished in time, exited 0 and printed "all checks passed". Returns the output.
     */
    static String run(String script, String... args) throws IOException, InterruptedException {
        assumeBrowser();
        Files.createDirectories(SCREENSHOTS);
        Path log = Path.of("target/web-" + script.replace(".mjs", "") + ".log");
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        command.add(SCREENSHOTS.toAbsolutePath().toString());
        Process node = new ProcessBuilder(command)
                .directory(E2E_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = node.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished)
                .as("%s finished in time; its output:%n%s", script, output)
                .isTrue();
        assertThat(node.exitValue())
                .as("%s exit code; its output:%n%s", script, output)
                .isZero();
        assertThat(output).contains("all checks passed");
        return output;
    }
}
