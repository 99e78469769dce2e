package dev.tether.engines;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Chooses llama.cpp's release file for a machine: {@link #plan} from the machine's facts alone (what
 * {@code GET /engines} shows), {@link #pick} the matching file of a release. Asset names are matched by their
 * platform part ({@code llama-<tag>-bin-<platform>.zip} or {@code .tar.gz}), never by a fixed tag.
 */
public final class AssetPicker {

    public static final List<String> BACKENDS = List.of("auto", "cpu", "cuda", "vulkan", "opencl-adreno", "metal");
    static final String BUILD_IT = "build llama-server for it with scripts/llama-server.sh (it turns on CUDA and"
            + " Vulkan when their toolkits are installed) and set TETHER_LLAMA_SERVER or llama_server to its path";
    private static final Pattern CUDA_ASSET =
            Pattern.compile("llama-[A-Za-z0-9.]+-bin-win-cuda-([0-9.]+)-x64\\.(zip|tar\\.gz)");

    private AssetPicker() {}

    /** A release's files chosen for a plan: the archive and, for CUDA, the CUDA runtime archive that goes with it. */
    public record Choice(EnginePlan plan, Release.Asset archive, Optional<Release.Asset> companion) {}

    /** What {@code backend} ({@code auto} or one of {@link #BACKENDS}) means on this machine. */
    public static EnginePlan plan(MachineFacts machine, String backend) {
        if (!BACKENDS.contains(backend)) {
            throw new InstallException(
                    InstallException.Kind.BAD_REQUEST,
                    "bad_backend",
                    "backend must be one of " + String.join(", ", BACKENDS) + ", not '" + backend + "'");
        }
        String found = found(machine);
        return switch (machine.os()) {
            case "windows" ->
                machine.arch().equals("arm64")
                        ? windowsArm(machine, backend, found)
                        : machine.arch().equals("x64") ? windowsX64(machine, backend, found) : none(found, backend);
            case "linux" -> machine.arch().equals("x64") ? linuxX64(machine, backend, found) : none(found, backend);
            case "macos" -> macos(machine, backend, found);
            default -> none(found, backend);
        };
    }

    private static EnginePlan windowsArm(MachineFacts machine, String backend, String found) {
        boolean adreno = machine.has("qualcomm");
        return switch (backend) {
            case "auto" ->
                adreno
                        ? adreno(found)
                        : new EnginePlan(
                                "cpu", "win-cpu-arm64", found + ": no Adreno GPU found, so the CPU build", true);
            case "opencl-adreno" -> adreno(found);
            case "cpu" -> new EnginePlan("cpu", "win-cpu-arm64", found + ": the CPU build, as asked", true);
            default -> unsupported(found, backend);
        };
    }

    private static EnginePlan adreno(String found) {
        return new EnginePlan(
                "opencl-adreno",
                "win-opencl-adreno-arm64",
                found + ": the OpenCL build for Adreno"
                        + " GPUs (fastest with Q4_0 models; Q8_0 and Q4_1 also run on the GPU)",
                true);
    }

    private static EnginePlan windowsX64(MachineFacts machine, String backend, String found) {
        String chosen = backend;
        if (backend.equals("auto")) {
            chosen = machine.has("nvidia") ? "cuda" : machine.has("amd") || machine.has("intel") ? "vulkan" : "cpu";
        }
        String reason = backend.equals("auto")
                ? switch (chosen) {
                    case "cuda" -> "an NVIDIA GPU, so the CUDA build (with its CUDA runtime)";
                    case "vulkan" -> "an AMD or Intel GPU, so the Vulkan build";
                    default ->
                        machine.gpus().isEmpty()
                                ? "no GPU, so the CPU build"
                                : "no GPU a release build targets, so the CPU build (for a GPU, " + BUILD_IT + ")";
                }
                : "the " + chosen + " build, as asked";
        return switch (chosen) {
            case "cuda" -> new EnginePlan("cuda", "win-cuda-<ver>-x64", found + ": " + reason, true);
            case "vulkan" -> new EnginePlan("vulkan", "win-vulkan-x64", found + ": " + reason, true);
            case "cpu" -> new EnginePlan("cpu", "win-cpu-x64", found + ": " + reason, true);
            default -> unsupported(found, backend);
        };
    }

    private static EnginePlan linuxX64(MachineFacts machine, String backend, String found) {
        // a server's BMC display or a VM's virtual card is a GPU device too, but not one to run models on
        boolean knownGpu = machine.has("nvidia") || machine.has("amd") || machine.has("intel");
        String chosen = backend;
        if (backend.equals("auto")) {
            chosen = machine.vulkan() && knownGpu ? "vulkan" : "cpu";
        }
        String reason = !backend.equals("auto")
                ? "the " + chosen + " build, as asked"
                : chosen.equals("vulkan")
                        ? "a GPU and a Vulkan loader, so the Vulkan build"
                        : machine.gpus().isEmpty()
                                ? "no GPU, so the CPU build"
                                : !knownGpu
                                        ? "no GPU a release build targets, so the CPU build (for a GPU, " + BUILD_IT
                                                + ")"
                                        : "no Vulkan loader (install libvulkan1 and your GPU's Vulkan driver for the Vulkan build), so the"
                                                + " CPU build";
        return switch (chosen) {
            case "vulkan" -> new EnginePlan("vulkan", "ubuntu-vulkan-x64", found + ": " + reason, true);
            case "cpu" -> new EnginePlan("cpu", "ubuntu-x64", found + ": " + reason, true);
            default -> unsupported(found, backend);
        };
    }

    private static EnginePlan macos(MachineFacts machine, String backend, String found) {
        if (!backend.equals("auto") && !backend.equals("metal") && !backend.equals("cpu")) {
            return unsupported(found, backend);
        }
        String platform = machine.arch().equals("arm64") ? "macos-arm64" : "macos-x64";
        if (!machine.arch().equals("arm64") && !machine.arch().equals("x64")) {
            return none(found, backend);
        }
        return new EnginePlan("metal", platform, found + ": the macOS build (Metal)", true);
    }

    private static EnginePlan unsupported(String found, String backend) {
        return new EnginePlan(
                "", "", found + ": llama.cpp publishes no " + backend + " build for it; " + BUILD_IT, false);
    }

    private static EnginePlan none(String found, String backend) {
        return new EnginePlan(
                "",
                "",
                found + ": llama.cpp publishes no build for it"
                        + (backend.equals("auto") ? "" : " (asked for " + backend + ")") + "; " + BUILD_IT,
                false);
    }

    /** {@code Windows arm64 with Qualcomm(R) Adreno(TM) X1-85 GPU}, {@code Linux x64 with no GPU found}. */
    static String found(MachineFacts machine) {
        String os = switch (machine.os()) {
            case "windows" -> "Windows";
            case "linux" -> "Linux";
            case "macos" -> "macOS";
            default -> machine.os();
        };
        String gpus = machine.gpus().isEmpty()
                ? "no GPU found"
                : machine.gpus().stream().map(MachineFacts.Gpu::name).collect(Collectors.joining(", "));
        String vulkan = machine.os().equals("macos") ? "" : machine.vulkan() ? ", Vulkan loader" : ", no Vulkan loader";
        return os + " " + machine.arch() + " with " + gpus + vulkan;
    }

    /** The files of {@code release} for {@code plan}; a release without them is a {@code no_matching_asset} error. */
    public static Choice pick(EnginePlan plan, MachineFacts machine, Release release) {
        if (!plan.supported()) {
            throw new InstallException(InstallException.Kind.NOT_FOUND, "no_matching_build", plan.why());
        }
        if (plan.backend().equals("cuda")) {
            return cuda(plan, machine, release);
        }
        Pattern name = Pattern.compile(assetRegex(platformRegex(plan.platform())));
        Release.Asset archive = release.assets().stream()
                .filter(a -> name.matcher(a.name()).matches())
                .min(Comparator.comparing(a -> a.name().endsWith(".zip") ? 1 : 0)) // .tar.gz keeps links and modes
                .orElseThrow(() -> missing(release, plan.platform()));
        return new Choice(plan, archive, Optional.empty());
    }

    private static Choice cuda(EnginePlan plan, MachineFacts machine, Release release) {
        Optional<Release.Asset> best = Optional.empty();
        String bestVersion = null;
        for (Release.Asset asset : release.assets()) {
            Matcher m = CUDA_ASSET.matcher(asset.name());
            if (!m.matches()
                    || machine.cudaDriver().map(d -> compare(m.group(1), d) > 0).orElse(false)) {
                continue;
            }
            // with the driver's CUDA version known, the newest build it runs; else the oldest (runs on most drivers)
            boolean better = bestVersion == null
                    || (machine.cudaDriver().isPresent()
                            ? compare(m.group(1), bestVersion) > 0
                            : compare(m.group(1), bestVersion) < 0);
            if (better) {
                best = Optional.of(asset);
                bestVersion = m.group(1);
            }
        }
        if (best.isEmpty()) {
            throw missing(
                    release,
                    "win-cuda-<ver>-x64"
                            + machine.cudaDriver()
                                    .map(d -> " for a driver that supports CUDA " + d)
                                    .orElse(""));
        }
        String version = bestVersion;
        Pattern runtime =
                Pattern.compile("cudart-llama-bin-win-cuda-" + Pattern.quote(version) + "-x64\\.(zip|tar\\.gz)");
        Release.Asset companion = release.assets().stream()
                .filter(a -> runtime.matcher(a.name()).matches())
                .findFirst()
                .orElseThrow(() -> missing(release, "cudart-llama-bin-win-cuda-" + version + "-x64"));
        EnginePlan exact = new EnginePlan(plan.backend(), "win-cuda-" + version + "-x64", plan.why(), true);
        return new Choice(exact, best.get(), Optional.of(companion));
    }

    private static String platformRegex(String platform) {
        return switch (platform) {
            case "ubuntu-x64" -> "ubuntu(-cpu)?-x64";
            default -> Pattern.quote(platform);
        };
    }

    private static String assetRegex(String platformRegex) {
        return "llama-[A-Za-z0-9.]+-bin-" + platformRegex + "\\.(zip|tar\\.gz)";
    }

    private static InstallException missing(Release release, String platform) {
        return new InstallException(
                InstallException.Kind.NOT_FOUND,
                "no_matching_asset",
                "llama.cpp release " + release.tag() + " has no llama-" + release.tag() + "-bin-" + platform
                        + " archive; " + BUILD_IT);
    }

    /** Compares dotted versions numerically ({@code 12.10} is after {@code 12.4}). */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
