package dev.tether.engines;

import java.nio.file.Path;
import java.util.List;

/**
 * An engine under {@code <data_dir>/engines/}: its folder name ({@code b7000-vulkan}), release tag, backend, the
 * {@code llama-server} path, what {@code --version} said and the devices {@code --list-devices} listed.
 */
public record InstalledEngine(
        String name, String tag, String backend, Path path, String version, List<String> devices) {

    public InstalledEngine {
        devices = List.copyOf(devices);
    }
}
