package dev.tether.pull;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a Hugging Face repository as the hub's tree API lists it.
 *
 * @param path   the path inside the repository, e.g. {@code Qwen3-4B-Q4_K_M.gguf}
 * @param size   bytes
 * @param sha256 the SHA-256 the hub publishes for LFS files ({@code lfs.oid}); empty for small git files
 */
public record HubFile(String path, long size, Optional<String> sha256) {

    public HubFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** The last path segment: the name the file gets in {@code dist_root}. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
