package dev.tether.engine.llamacpp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@code llama-server} executable: where it is found and what it says about itself (its version and the devices
 * its build can use). Found in {@link EngineCatalog}'s search order.
 */
record LlamaServerBinary(Path path, String version, List<String> devices) {

    static final String ENVIRONMENT = "TETHER_LLAMA_SERVER";
    private static final Map<Path, LlamaServerBinary> DESCRIBED = new ConcurrentHashMap<>();

    /** The first executable of {@link EngineCatalog#find}'s search order; empty when there is none. */
    static Optional<Path> find(
            Optional<Path> configured, Path dataDir, Path distRoot, Function<String, String> environment) {
        return EngineCatalog.find(configured, dataDir, distRoot, environment).map(EngineCatalog.Found::server);
    }

    /** What to do when there is none, for messages. */
    static String howToInstall() {
        return "install llama.cpp's llama-server: ./tether engine install (the build for this machine's GPU from"
                + " github.com/ggml-org/llama.cpp), or winget install llama.cpp, brew install llama.cpp,"
                + " scripts/llama-server.sh, then put it on PATH, in " + ENVIRONMENT + " or in the provider's"
                + " llama_server";
    }

    /** Runs {@code --version} and {@code --list-devices} once per executable. */
    static LlamaServerBinary describe(Path path) {
        return DESCRIBED.computeIfAbsent(
                path.toAbsolutePath(),
                p -> new LlamaServerBinary(p, version(run(p, "--version")), devices(run(p, "--list-devices"))));
    }

    /** {@code version: 0.5.0-dev (build 1, commit de3ff81)} → {@code 0.5.0-dev (build 1, commit de3ff81)}. */
    static String version(String output) {
        return output.lines()
                .filter(l -> l.startsWith("version:"))
                .map(l -> l.substring(8).strip())
                .findFirst()
                .orElse("unknown");
    }

    /** The lines under {@code Available devices:} ({@code CUDA0: NVIDIA … (24576 MiB, 23000 MiB free)}). */
    static List<String> devices(String output) {
        List<String> devices = new ArrayList<>();
        boolean listing = false;
        for (String line : output.lines().toList()) {
            if (line.startsWith("Available devices:")) {
                listing = true;
            } else if (listing
                    && line.startsWith(" ")
                    && !line.isBlank()
                    && !line.strip().equals("(none)")) {
                devices.add(line.strip());
            }
        }
        return List.copyOf(devices);
    }

    private static String run(Path executable, String flag) {
        try {
            ProcessBuilder builder = new ProcessBuilder(executable.toString(), flag).redirectErrorStream(true);
            ChildEnvironment.keepOnlyWhatItNeeds(builder.environment());
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            process.waitFor(10, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
