package dev.tether.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The release file each kind of machine gets, from faked machine facts and a release listed as llama.cpp lists it. */
class AssetPickerTest {

    private static final String TAG = "b7311";
    /** The platforms of a recent llama.cpp release (names as GitHub lists them). */
    private static final Release RELEASE = release(
            TAG,
            "win-opencl-adreno-arm64.zip",
            "win-cpu-arm64.zip",
            "win-cpu-x64.zip",
            "win-cuda-12.4-x64.zip",
            "win-cuda-13.1-x64.zip",
            "win-vulkan-x64.zip",
            "win-hip-radeon-x64.zip",
            "ubuntu-x64.tar.gz",
            "ubuntu-vulkan-x64.tar.gz",
            "macos-arm64.tar.gz",
            "macos-x64.tar.gz");

    private static final MachineFacts.Gpu ADRENO = new MachineFacts.Gpu("qualcomm", "Qualcomm(R) Adreno(TM) X1-85 GPU");
    private static final MachineFacts.Gpu RTX = new MachineFacts.Gpu("nvidia", "NVIDIA GeForce RTX 4070");
    private static final MachineFacts.Gpu RADEON = new MachineFacts.Gpu("amd", "AMD Radeon RX 7800 XT");
    private static final MachineFacts.Gpu ARC = new MachineFacts.Gpu("intel", "Intel(R) Arc(TM) A770 Graphics");
    private static final MachineFacts.Gpu MYSTERY = new MachineFacts.Gpu("other", "Moore Threads MTT S80");

    @Test
    void windowsOnArmWithAnAdrenoGpuGetsTheOpenClBuild() {
        AssetPicker.Choice choice = pick(machine("windows", "arm64", false, ADRENO), "auto");
        assertThat(choice.archive().name()).isEqualTo("llama-b7311-bin-win-opencl-adreno-arm64.zip");
        assertThat(choice.plan().backend()).isEqualTo("opencl-adreno");
        assertThat(choice.plan().why()).contains("Adreno(TM) X1-85").contains("Q4_0");
        assertThat(choice.companion()).isEmpty();
    }

    @Test
    void windowsOnArmWithoutAdrenoGetsTheArmCpuBuild() {
        assertThat(pick(machine("windows", "arm64", false), "auto").archive().name())
                .isEqualTo("llama-b7311-bin-win-cpu-arm64.zip");
        assertThat(pick(machine("windows", "arm64", false, ADRENO), "cpu")
                        .archive()
                        .name())
                .isEqualTo("llama-b7311-bin-win-cpu-arm64.zip");
    }

    @Test
    void windowsWithNvidiaGetsCudaWithItsRuntimeMatchingTheDriver() {
        MachineFacts oldDriver = new MachineFacts("windows", "x64", List.of(RTX), true, Optional.of("12.8"));
        AssetPicker.Choice choice = pick(oldDriver, "auto");
        assertThat(choice.archive().name()).isEqualTo("llama-b7311-bin-win-cuda-12.4-x64.zip");
        assertThat(choice.companion()).map(Release.Asset::name).contains("cudart-llama-bin-win-cuda-12.4-x64.zip");
        assertThat(choice.plan().platform()).isEqualTo("win-cuda-12.4-x64");

        MachineFacts newDriver = new MachineFacts("windows", "x64", List.of(RTX), true, Optional.of("13.2"));
        assertThat(pick(newDriver, "auto").archive().name()).isEqualTo("llama-b7311-bin-win-cuda-13.1-x64.zip");
        assertThat(pick(newDriver, "auto").companion())
                .map(Release.Asset::name)
                .contains("cudart-llama-bin-win-cuda-13.1-x64.zip");

        // driver unknown: the oldest CUDA build, which the most drivers run
        assertThat(pick(machine("windows", "x64", true, RTX), "cuda").archive().name())
                .isEqualTo("llama-b7311-bin-win-cuda-12.4-x64.zip");
    }

    @Test
    void windowsWithAmdOrIntelGetsVulkanAndWithoutAGpuTheCpuBuild() {
        assertThat(pick(machine("windows", "x64", true, RADEON), "auto")
                        .archive()
                        .name())
                .isEqualTo("llama-b7311-bin-win-vulkan-x64.zip");
        assertThat(pick(machine("windows", "x64", true, ARC), "auto").archive().name())
                .isEqualTo("llama-b7311-bin-win-vulkan-x64.zip");
        assertThat(pick(machine("windows", "x64", false), "auto").archive().name())
                .isEqualTo("llama-b7311-bin-win-cpu-x64.zip");
        AssetPicker.Choice unknown = pick(machine("windows", "x64", false, MYSTERY), "auto");
        assertThat(unknown.archive().name()).isEqualTo("llama-b7311-bin-win-cpu-x64.zip");
        assertThat(unknown.plan().why()).contains("Moore Threads").contains("scripts/llama-server.sh");
    }

    @Test
    void linuxX64GetsVulkanOnlyWithALoaderAndAGpu() {
        AssetPicker.Choice vulkan = pick(machine("linux", "x64", true, RTX), "auto");
        assertThat(vulkan.archive().name()).isEqualTo("llama-b7311-bin-ubuntu-vulkan-x64.tar.gz");
        assertThat(vulkan.plan().backend()).isEqualTo("vulkan");

        AssetPicker.Choice noLoader = pick(machine("linux", "x64", false, RADEON), "auto");
        assertThat(noLoader.archive().name()).isEqualTo("llama-b7311-bin-ubuntu-x64.tar.gz");
        assertThat(noLoader.plan().why()).contains("no Vulkan loader");

        assertThat(pick(machine("linux", "x64", true), "auto").archive().name())
                .isEqualTo("llama-b7311-bin-ubuntu-x64.tar.gz");
        AssetPicker.Choice unknownGpu = pick(machine("linux", "x64", true, MYSTERY), "auto");
        assertThat(unknownGpu.archive().name()).isEqualTo("llama-b7311-bin-ubuntu-x64.tar.gz");
        assertThat(unknownGpu.plan().why()).contains("Moore Threads").contains("scripts/llama-server.sh");
        assertThat(pick(machine("linux", "x64", true, MYSTERY), "vulkan")
                        .archive()
                        .name())
                .isEqualTo("llama-b7311-bin-ubuntu-vulkan-x64.tar.gz");
    }

    @Test
    void macosGetsItsMetalBuildPerArchitecture() {
        assertThat(pick(machine("macos", "arm64", false, new MachineFacts.Gpu("apple", "Apple")), "auto")
                        .archive()
                        .name())
                .isEqualTo("llama-b7311-bin-macos-arm64.tar.gz");
        assertThat(pick(machine("macos", "x64", false), "auto").archive().name())
                .isEqualTo("llama-b7311-bin-macos-x64.tar.gz");
        assertThat(AssetPicker.plan(machine("macos", "arm64", false), "auto").backend())
                .isEqualTo("metal");
    }

    @Test
    void whereNothingFitsItSaysSoAndNamesTheBuildScript() {
        EnginePlan linuxArm = AssetPicker.plan(machine("linux", "arm64", true), "auto");
        assertThat(linuxArm.supported()).isFalse();
        assertThat(linuxArm.why()).contains("Linux arm64").contains("scripts/llama-server.sh");
        assertThatThrownBy(() -> AssetPicker.pick(linuxArm, machine("linux", "arm64", true), RELEASE))
                .isInstanceOf(InstallException.class)
                .hasMessageContaining("scripts/llama-server.sh")
                .extracting(e -> ((InstallException) e).code())
                .isEqualTo("no_matching_build");

        EnginePlan cudaOnLinux = AssetPicker.plan(machine("linux", "x64", true, RTX), "cuda");
        assertThat(cudaOnLinux.supported()).isFalse();
        assertThat(cudaOnLinux.why()).contains("no cuda build").contains("scripts/llama-server.sh");
        assertThat(AssetPicker.plan(machine("freebsd", "x64", false), "auto").supported())
                .isFalse();
        assertThatThrownBy(() -> AssetPicker.plan(machine("linux", "x64", true), "rocm"))
                .extracting(e -> ((InstallException) e).code())
                .isEqualTo("bad_backend");
    }

    @Test
    void aReleaseWithoutTheFileIsRefusedNamingThePlatform() {
        Release cpuOnly = release("b6000", "ubuntu-x64.zip");
        EnginePlan vulkan = AssetPicker.plan(machine("linux", "x64", true, RADEON), "auto");
        assertThatThrownBy(() -> AssetPicker.pick(vulkan, machine("linux", "x64", true, RADEON), cpuOnly))
                .hasMessageContaining("b6000")
                .hasMessageContaining("ubuntu-vulkan-x64")
                .extracting(e -> ((InstallException) e).code())
                .isEqualTo("no_matching_asset");
        // matched by pattern: another tag and .zip instead of .tar.gz still fits the CPU plan
        EnginePlan cpu = AssetPicker.plan(machine("linux", "x64", false), "auto");
        assertThat(AssetPicker.pick(cpu, machine("linux", "x64", false), cpuOnly)
                        .archive()
                        .name())
                .isEqualTo("llama-b6000-bin-ubuntu-x64.zip");
        assertThat(cpu.assetPattern()).contains("llama-<tag>-bin-ubuntu-x64");
        assertThat(AssetPicker.plan(machine("windows", "x64", true, RTX), "auto")
                        .assetPattern())
                .contains("llama-<tag>-bin-win-cuda-<ver>-x64 + cudart-llama-bin-win-cuda-<ver>-x64");
    }

    @Test
    void readsMachineNamesAsTheProbesSeeThem() {
        assertThat(MachineFacts.os("Windows 11")).isEqualTo("windows");
        assertThat(MachineFacts.os("Mac OS X")).isEqualTo("macos");
        assertThat(MachineFacts.arch("amd64")).isEqualTo("x64");
        assertThat(MachineFacts.arch("aarch64")).isEqualTo("arm64");
        assertThat(MachineFacts.vendorOf("Qualcomm(R) Adreno(TM) X1-85 GPU")).isEqualTo("qualcomm");
        assertThat(MachineFacts.vendorOf("NVIDIA GeForce RTX 4070")).isEqualTo("nvidia");
        assertThat(MachineFacts.vendorOf("AMD Radeon(TM) Graphics")).isEqualTo("amd");
        assertThat(MachineFacts.vendorOfPciId("0x10de\n")).isEqualTo("nvidia");
        assertThat(AssetPicker.compare("12.10", "12.4")).isPositive();
    }

    private static AssetPicker.Choice pick(MachineFacts machine, String backend) {
        return AssetPicker.pick(AssetPicker.plan(machine, backend), machine, RELEASE);
    }

    private static MachineFacts machine(String os, String arch, boolean vulkan, MachineFacts.Gpu... gpus) {
        return new MachineFacts(os, arch, List.of(gpus), vulkan, Optional.empty());
    }

    private static Release release(String tag, String... platforms) {
        List<Release.Asset> assets = new java.util.ArrayList<>();
        for (String platform : platforms) {
            String name = "llama-" + tag + "-bin-" + platform;
            assets.add(new Release.Asset(name, 1000, "https://example.invalid/" + name, Optional.of("ab")));
            if (platform.startsWith("win-cuda-")) {
                String runtime = "cudart-llama-bin-" + platform;
                assets.add(new Release.Asset(runtime, 1000, "https://example.invalid/" + runtime, Optional.of("ab")));
            }
        }
        assets.add(new Release.Asset(
                "llama-" + tag + "-xcframework.zip", 1, "https://example.invalid/x", Optional.empty()));
        return new Release(tag, assets);
    }
}
