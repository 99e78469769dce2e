package dev.tether.engines;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the engine choice depends on: the operating system ({@code windows}, {@code linux}, {@code macos} or what
 * Java calls it), the CPU architecture ({@code x64}, {@code arm64}), the GPUs found, whether a Vulkan loader is
 * installed, and the CUDA version the NVIDIA driver supports when it says.
 */
public record MachineFacts(String os, String arch, List<Gpu> gpus, boolean vulkan, Optional<String> cudaDriver) {

    /** One GPU: {@code vendor} is nvidia, amd, intel, qualcomm, apple or other. */
    public record Gpu(String vendor, String name) {}

    public MachineFacts {
        gpus = List.copyOf(gpus);
    }

    public boolean has(String vendor) {
        return gpus.stream().anyMatch(g -> g.vendor().equals(vendor));
    }

    /** {@code Windows 11} → windows, {@code Mac OS X} → macos, {@code Linux} → linux. */
    static String os(String javaName) {
        String name = javaName.toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return "windows";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "macos";
        }
        return name.startsWith("linux") ? "linux" : name.replace(' ', '-');
    }

    /** {@code amd64}/{@code x86_64} → x64, {@code aarch64} → arm64. */
    static String arch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            default -> javaArch.toLowerCase(Locale.ROOT);
        };
    }

    /** The vendor of a GPU's marketing name ({@code Qualcomm(R) Adreno(TM) X1-85 GPU} → qualcomm). */
    static String vendorOf(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("nvidia") || n.contains("geforce") || n.contains("quadro") || n.contains("tesla")) {
            return "nvidia";
        }
        if (n.contains("adreno") || n.contains("qualcomm")) {
            return "qualcomm";
        }
        if (n.contains("radeon") || n.contains("amd") || n.contains("ati ")) {
            return "amd";
        }
        if (n.contains("intel") || n.contains("arc ") || n.contains("iris")) {
            return "intel";
        }
        return n.contains("apple") ? "apple" : "other";
    }

    /** The vendor of a PCI vendor id as Linux lists it in {@code /sys/class/drm/card*}{@code /device/vendor}. */
    static String vendorOfPciId(String id) {
        return switch (id.strip().toLowerCase(Locale.ROOT)) {
            case "0x10de" -> "nvidia";
            case "0x1002", "0x1022" -> "amd";
            case "0x8086" -> "intel";
            case "0x5143", "0x17cb" -> "qualcomm";
            case "0x106b" -> "apple";
            default -> "other";
        };
    }
}
