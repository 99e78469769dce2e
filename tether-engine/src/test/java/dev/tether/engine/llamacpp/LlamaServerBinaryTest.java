package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaServerBinaryTest {

    @TempDir
    Path dir;

    @Test
    void readsTheVersionAndTheListedDevices() {
        assertThat(LlamaServerBinary.version("load_backend: loaded CPU\nversion: 0.5.0-dev (build 1, commit de3ff81)\n"
                        + "built with GNU 12.2.0 for Linux x86_64\n"))
                .isEqualTo("0.5.0-dev (build 1, commit de3ff81)");
        assertThat(LlamaServerBinary.devices("Available devices:\n  CUDA0: NVIDIA H200 (143771 MiB, 143000 MiB free)\n"
                        + "  Vulkan0: NVIDIA H200 (143771 MiB)\n"))
                .containsExactly(
                        "CUDA0: NVIDIA H200 (143771 MiB, 143000 MiB free)", "Vulkan0: NVIDIA H200 (143771 MiB)");
        assertThat(LlamaServerBinary.devices("Available devices:\n  (none)\n")).isEmpty();
    }

    @Test
    void looksInTheConfiguredPathThenTheVariableThenPathThenInstalledThenTheScriptCacheThenDistBin() throws Exception {
        Path viaVariable = executable(dir.resolve("var/llama-server"));
        Path onPath = executable(dir.resolve("path/llama-server"));
        Path inDist = executable(dir.resolve("dist/bin/llama-server"));
        Path data = dir.resolve("data");
        Path dist = dir.resolve("dist");
        String path = dir.resolve("path").toString();

        assertThat(LlamaServerBinary.find(Optional.of(inDist), data, dist, k -> null))
                .contains(inDist);
        assertThat(LlamaServerBinary.find(
                        Optional.empty(),
                        data,
                        dist,
                        k -> k.equals("TETHER_LLAMA_SERVER") ? viaVariable.toString() : path))
                .contains(viaVariable);
        assertThat(LlamaServerBinary.find(Optional.empty(), data, dist, k -> k.equals("PATH") ? path : null))
                .contains(onPath);
        assertThat(LlamaServerBinary.find(Optional.empty(), data, dist, k -> null))
                .contains(inDist);

        Path cached = executable(dir.resolve("cache/nlc-3.22.1/build-cpu/bin/llama-server"));
        String cache = dir.resolve("cache").toString();
        assertThat(EngineCatalog.find(Optional.empty(), data, dist, k -> k.equals("TETHER_LLAMA_CACHE") ? cache : null))
                .contains(new EngineCatalog.Found(cached, "script_cache"));
        assertThat(EngineCatalog.find(
                        Optional.empty(),
                        data,
                        dist,
                        k -> k.equals("HOME") ? dir.resolve("home").toString() : null))
                .contains(new EngineCatalog.Found(inDist, "dist_bin"));

        Path older = executable(data.resolve("engines/b6000-cpu/llama-server"));
        Path newer = executable(data.resolve("engines/b7001-vulkan/build/bin/llama-server"));
        executable(data.resolve("engines/.b7002-cpu.tmp-1/llama-server")); // an install under way
        assertThat(EngineCatalog.installed(data.resolve("engines")))
                .extracting(EngineCatalog.Installed::name)
                .containsExactly("b7001-vulkan", "b6000-cpu");
        assertThat(EngineCatalog.find(Optional.empty(), data, dist, k -> k.equals("TETHER_LLAMA_CACHE") ? cache : null))
                .contains(new EngineCatalog.Found(newer, "installed"));
        assertThat(EngineCatalog.find(Optional.empty(), data, dist, k -> k.equals("PATH") ? path : null))
                .contains(new EngineCatalog.Found(onPath, "path"));
        assertThat(older).isNotEqualTo(newer);

        assertThat(LlamaServerBinary.find(Optional.empty(), dir.resolve("none"), dir.resolve("nowhere"), k -> null))
                .isEmpty();
        assertThat(LlamaServerBinary.find(Optional.of(dir.resolve("missing")), data, dist, k -> null))
                .isEmpty();
    }

    private static Path executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
