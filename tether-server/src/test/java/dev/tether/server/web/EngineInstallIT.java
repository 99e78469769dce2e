package dev.tether.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tether.engine.llamacpp.GgufWriter;
import dev.tether.engine.llamacpp.LlamaCppBuild;
import dev.tether.engine.llamacpp.TestModels;
import dev.tether.engine.llamacpp.Tokenizer;
import dev.tether.pull.FakeHub;
import dev.tether.server.Http;
import dev.tether.server.faults.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Install the llama.cpp engine" on the page, in Chromium ({@code src/test/web/engine-e2e.mjs}), against the real
 * server in its own process with no llama-server anywhere it looks (no {@code TETHER_LLAMA_SERVER}, a bare
 * {@code PATH}, an empty cache), a fake GitHub API whose latest release holds an archive of the llama-server that
 * {@code scripts/llama-server.sh} built, and a fake hub. The first download is tampered with (the error shows in
 * place), the second is cancelled and resumed, and then the qwen3 model that needed the engine runs here.
 * Needs the {@code /engines} routes (GET /engines, POST /engines/install); skipped on a server without them.
 */
class EngineInstallIT {

    static final String TAG = "b9999";

    @TempDir
    Path dir;

    @Test
    void installsTheEngineFromThePage() throws Exception {
        BrowserScript.assumeBrowser();
        assumeTrue(LlamaCppBuild.available(), "needs TETHER_LLAMA_SERVER=$(scripts/llama-server.sh | tail -1)");
        byte[] archive = archiveOf(LlamaCppBuild.server().toRealPath().getParent());
        try (FakeGitHub github = new FakeGitHub(TAG)
                        .asset("llama-" + TAG + "-bin-ubuntu-x64.zip", archive)
                        .asset("llama-" + TAG + "-bin-ubuntu-vulkan-x64.zip", archive)
                        .asset("llama-" + TAG + "-bin-win-cpu-x64.zip", archive)
                        .throttle(archive.length / 10)
                        .tamperNextDownload();
                FakeHub hub = new FakeHub()
                        .file("acme/Mixed-GGUF", "mixed-llama-Q4_K_M.gguf", Files.readAllBytes(TestModels.tiny()))
                        .file("acme/Mixed-GGUF", "mixed-qwen3-Q8_0.gguf", qwen3())) {
            String root = dir.toAbsolutePath().toString().replace("\\", "/");
            Path config = Files.writeString(dir.resolve("tether.yml"), """
                    host: 127.0.0.1
                    data_dir: "%1$s/data"
                    providers:
                      model: { impl: llamacpp, args: { dist_root: "%1$s/dist", engine: auto, n_ctx: 512 } }
                      session_store: { url: "jdbc:sqlite:%1$s/tether.db" }
                    pull: { hub_endpoint: "%2$s" }
                    engines: { endpoint: "%3$s" }
                    tools: { enabled: [] }
                    """.formatted(root, hub.url(), github.url()));
            Path home = Files.createDirectories(dir.resolve("home"));
            try (ServerProcess server = ServerProcess.start(config, dir.resolve("server.log"), env -> {
                env.keySet().removeIf(k -> k.startsWith("TETHER_") || k.equals("GITHUB_TOKEN"));
                env.put("PATH", "/usr/bin:/bin");
                env.put("HOME", home.toString());
                env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
                env.put("TETHER_ENGINE_ENDPOINT", github.url());
            })) {
                Http.Response engines = server.http.get("/engines");
                assumeTrue(
                        engines.status() == 200,
                        "needs the /engines routes (helper h23's branch); got " + engines.status());

                BrowserScript.run("engine-e2e.mjs", server.url);

                try (Stream<Path> installed = Files.list(dir.resolve("data/engines"))) {
                    // the installer's own bookkeeping (a lock, the downloads folder) starts with a dot
                    assertThat(installed
                                    .map(p -> p.getFileName().toString())
                                    .filter(n -> !n.startsWith("."))
                                    .toList())
                            .as("one engine, nothing half-installed beside it")
                            .singleElement()
                            .asString()
                            .startsWith(TAG + "-");
                }
                List<FakeGitHub.Seen> downloads = github.seen().stream()
                        .filter(s -> s.path().startsWith("/download/"))
                        .toList();
                assertThat(downloads).as("tampered, cancelled, resumed").hasSizeGreaterThanOrEqualTo(3);
                assertThat(downloads.getLast().range())
                        .as("the cancelled download was resumed")
                        .matches("bytes=[1-9]\\d*-");
                assertThat(server.http.get("/healthz").status()).isEqualTo(200);
            }
        }
    }

    /** llama-server and its libraries under {@code build/bin/}, as llama.cpp's Linux release archives hold them. */
    static byte[] archiveOf(Path bin) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                Stream<Path> files = Files.list(bin)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                // the files themselves and the SONAME links the loader asks for (libllama.so.0), not the dev links
                boolean wanted = name.equals("llama-server")
                        || name.startsWith("lib")
                                && name.contains(".so")
                                && (!Files.isSymbolicLink(file) || name.matches(".*\\.so\\.\\d+"));
                if (!wanted || Files.isDirectory(file)) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry("build/bin/" + name)); // links are stored as the file they name
                zip.write(Files.readAllBytes(file.toRealPath()));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] qwen3() throws IOException {
        return Files.readAllBytes(TestModels.generate(
                GgufWriter.Spec.qwen3(
                        GgufWriter.Architecture.QWEN3,
                        "mixed-qwen3",
                        Tokenizer.sentencePiece(256),
                        GgufWriter.CHATML_TEMPLATE),
                "mixed-qwen3.gguf"));
    }
}
