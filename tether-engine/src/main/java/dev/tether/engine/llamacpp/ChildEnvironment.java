package dev.tether.engine.llamacpp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment a llama-server child gets: only what it needs to find its libraries, its GPU and a temporary
 * folder, not Tether's own (no {@code HF_TOKEN}, no API keys, no {@code LLAMA_ARG_*} that would override Tether's
 * flags). Names are compared ignoring case, as Windows does.
 */
final class ChildEnvironment {

    private static final Set<String> NAMES = Set.of(
            // every platform
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "LANG",
            "TZ",
            "TMPDIR",
            "TMP",
            "TEMP",
            // shared libraries (a llama.cpp build beside its libggml*)
            "LD_LIBRARY_PATH",
            "DYLD_LIBRARY_PATH",
            "DYLD_FALLBACK_LIBRARY_PATH",
            // where the Vulkan loader looks for GPU drivers
            "XDG_RUNTIME_DIR",
            "XDG_DATA_DIRS",
            "XDG_DATA_HOME",
            "XDG_CONFIG_DIRS",
            "XDG_CONFIG_HOME",
            // Windows: a process cannot start its DLLs or find its drivers without these
            "SYSTEMROOT",
            "SYSTEMDRIVE",
            "WINDIR",
            "COMSPEC",
            "PATHEXT",
            "USERPROFILE",
            "LOCALAPPDATA",
            "APPDATA",
            "PROGRAMDATA",
            "PROGRAMFILES",
            "PROGRAMFILES(X86)",
            "PROGRAMW6432",
            "COMMONPROGRAMFILES",
            "NUMBER_OF_PROCESSORS",
            "PROCESSOR_ARCHITECTURE",
            "PROCESSOR_IDENTIFIER",
            "OS",
            "DRIVERDATA",
            "ONEAPI_DEVICE_SELECTOR",
            "GPU_DEVICE_ORDINAL");
    /** GPU runtimes (CUDA, ROCm/HIP, Vulkan, Mesa, OpenCL, SYCL/Level Zero), ggml's own switches, thread pools. */
    private static final List<String> PREFIXES = List.of(
            "LC_", "CUDA_", "NVIDIA_", "HIP_", "ROCR_", "HSA_", "VK_", "MESA_", "OCL_", "OPENCL_", "SYCL_", "ZE_",
            "GGML_", "OMP_", "KMP_", "GOMP_", "__NV_", "__GL_");

    private ChildEnvironment() {}

    /** Removes from {@code environment} every variable llama-server does not need. */
    static void keepOnlyWhatItNeeds(Map<String, String> environment) {
        environment.keySet().removeIf(name -> !needed(name));
    }

    static boolean needed(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return NAMES.contains(upper) || PREFIXES.stream().anyMatch(upper::startsWith);
    }
}
