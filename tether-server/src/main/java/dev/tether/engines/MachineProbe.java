package dev.tether.engines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds this machine's {@link MachineFacts} with cheap probes, once per JVM: on Linux the DRM devices' PCI vendor
 * ids and NVIDIA's {@code /proc} entries, a {@code libvulkan.so.1} in the usual library folders; on Windows the
 * video controllers' names (one PowerShell call) and {@code vulkan-1.dll}; on macOS nothing (Apple's GPU, Metal).
 * {@code nvidia-smi}, when present, says which CUDA version the driver supports.
 */
public final class MachineProbe {

    private static final Pattern CUDA_VERSION = Pattern.compile("CUDA Version:\\s*([0-9]+\\.[0-9]+)");
    private static final List<String> LINUX_LIBRARY_DIRS = List.of(
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/lib",
            "/lib/x86_64-linux-gnu",
            "/lib64",
            "/usr/local/lib");
    private static volatile MachineFacts cached;

    private MachineProbe() {}

    /** This machine's facts, probed on the first call. */
    public static MachineFacts facts() {
        MachineFacts facts = cached;
        if (facts == null) {
            facts = probe();
            cached = facts;
        }
        return facts;
    }

    private static MachineFacts probe() {
        String os = MachineFacts.os(System.getProperty("os.name", ""));
        String arch = MachineFacts.arch(System.getProperty("os.arch", ""));
        return switch (os) {
            case "linux" -> new MachineFacts(os, arch, linuxGpus(), linuxVulkan(), cudaDriver());
            case "windows" -> new MachineFacts(os, arch, windowsGpus(), windowsVulkan(), cudaDriver());
            case "macos" ->
                new MachineFacts(
                        os,
                        arch,
                        arch.equals("arm64") ? List.of(new MachineFacts.Gpu("apple", "Apple silicon GPU")) : List.of(),
                        false,
                        Optional.empty());
            default -> new MachineFacts(os, arch, List.of(), false, Optional.empty());
        };
    }

    private static List<MachineFacts.Gpu> linuxGpus() {
        List<MachineFacts.Gpu> gpus = new ArrayList<>();
        try (DirectoryStream<Path> cards = Files.newDirectoryStream(Path.of("/sys/class/drm"), "card[0-9]*")) {
            for (Path card : cards) {
                Path vendor = card.resolve("device/vendor");
                if (!card.getFileName().toString().contains("-") && Files.isReadable(vendor)) {
                    String vendorName = MachineFacts.vendorOfPciId(Files.readString(vendor));
                    gpus.add(new MachineFacts.Gpu(vendorName, card.getFileName() + " (" + vendorName + ")"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no DRM: a server without a display driver, or a container
        }
        try (DirectoryStream<Path> nvidia = Files.newDirectoryStream(Path.of("/proc/driver/nvidia/gpus"))) {
            gpus.removeIf(g -> g.vendor().equals("nvidia"));
            for (Path gpu : nvidia) {
                String model = Files.readAllLines(gpu.resolve("information")).stream()
                        .filter(l -> l.startsWith("Model:"))
                        .map(l -> l.substring(6).strip())
                        .findFirst()
                        .orElse("NVIDIA GPU");
                gpus.add(new MachineFacts.Gpu("nvidia", model));
            }
        } catch (IOException | RuntimeException e) {
            // no NVIDIA driver
        }
        return gpus;
    }

    private static boolean linuxVulkan() {
        return LINUX_LIBRARY_DIRS.stream().anyMatch(d -> Files.exists(Path.of(d, "libvulkan.so.1")));
    }

    private static List<MachineFacts.Gpu> windowsGpus() {
        String names = run(
                10,
                "powershell",
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                "(Get-CimInstance Win32_VideoController).Name");
        List<MachineFacts.Gpu> gpus = new ArrayList<>();
        names.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .filter(l -> !l.toLowerCase(java.util.Locale.ROOT).contains("basic display"))
                .forEach(l -> gpus.add(new MachineFacts.Gpu(MachineFacts.vendorOf(l), l)));
        return gpus;
    }

    private static boolean windowsVulkan() {
        String root = Optional.ofNullable(System.getenv("SystemRoot")).orElse("C:\\Windows");
        return Files.exists(Path.of(root, "System32", "vulkan-1.dll"));
    }

    private static Optional<String> cudaDriver() {
        Matcher m = CUDA_VERSION.matcher(run(5, "nvidia-smi"));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The command's output, or empty when it is missing, fails to start or takes too long. */
    private static String run(int seconds, String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
