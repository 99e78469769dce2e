package dev.tether.engines;

import java.util.Optional;

/**
 * What {@code auto} (or a named backend) takes on this machine, before any release is asked for.
 *
 * @param backend   cpu, cuda, vulkan, opencl-adreno or metal; empty when nothing fits
 * @param platform  the asset name's platform part, e.g. {@code win-opencl-adreno-arm64}
 * @param why       one sentence: what was found and why this build
 * @param supported false where no official build fits (then {@code why} names {@code scripts/llama-server.sh})
 */
public record EnginePlan(String backend, String platform, String why, boolean supported) {

    /**
     * The asset's name with the tag and the archive type left open, e.g. {@code llama-<tag>-bin-ubuntu-vulkan-x64}
     * (a release has it as {@code .zip} or {@code .tar.gz}); CUDA names its runtime beside it.
     */
    public Optional<String> assetPattern() {
        if (!supported) {
            return Optional.empty();
        }
        String archive = "llama-<tag>-bin-" + platform;
        return Optional.of(backend.equals("cuda") ? archive + " + cudart-llama-bin-" + platform : archive);
    }
}
