package dev.tether.engine.llamacpp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LlamaServerBinaryTest {

    @TempDir
    Path dir;

    @Test
    void readsTheVersionAndTheListedDevices() {
        assertThat(LlamaServerBinary.version("load_backend: loaded CPU\nversion: 0.5.0-dev (build 1, commit de3ff81)\n"
                + "built with GNU 12.2.0 for Linux x86_64\n")).isEqualTo("0.5.0-dev (build 1, commit de3ff81)");
        assertThat(LlamaServerBinary.devices("Available devices:\n  CUDA0: NVIDIA H200 (143771 MiB, 143000 MiB free)\n"
                + "  Vulkan0: NVIDIA H200 (143771 MiB)\n")).containsExactly(
                "CUDA0: NVIDIA H200 (143771 MiB, 143000 MiB free)", "Vulkan0: NVIDIA H200 (143771 MiB)");
        assertThat(LlamaServerBinary.devices("Available devices:\n  (none)\n")).isEmpty();
    }

    @Test
    void looksInTheConfiguredPathThenTheVariableThenPathThenDistBin() throws Exception {
        Path viaVariable = executable(dir.resolve("var/llama-server"));
        Path onPath = executable(dir.resolve("path/llama-server"));
        Path inDist = executable(dir.resolve("dist/bin/llama-server"));
        Path dist = dir.resolve("dist");
        String path = dir.resolve("path").toString();

        assertThat(LlamaServerBinary.find(Optional.of(inDist), dist, k -> null)).contains(inDist);
        assertThat(LlamaServerBinary.find(Optional.empty(), dist,
                k -> k.equals("TETHER_LLAMA_SERVER") ? viaVariable.toString() : path)).contains(viaVariable);
        assertThat(LlamaServerBinary.find(Optional.empty(), dist, k -> k.equals("PATH") ? path : null))
                .contains(onPath);
        assertThat(LlamaServerBinary.find(Optional.empty(), dist, k -> null)).contains(inDist);
        assertThat(LlamaServerBinary.find(Optional.empty(), dir.resolve("nowhere"), k -> null)).isEmpty();
        assertThat(LlamaServerBinary.find(Optional.of(dir.resolve("missing")), dist, k -> null)).isEmpty();
    }

    private static Path executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
