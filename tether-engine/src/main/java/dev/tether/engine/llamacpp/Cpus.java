package dev.tether.engine.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Physical core count: llama.cpp runs best with one thread per core, not per hyper-thread. */
final class Cpus {

    private Cpus() {}

    static int physicalCores() {
        int logical = Runtime.getRuntime().availableProcessors();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            Set<String> cores = new HashSet<>();
            String physical = "0";
            for (String line : lines) {
                if (line.startsWith("physical id")) {
                    physical = line.substring(line.indexOf(':') + 1).strip();
                } else if (line.startsWith("core id")) {
                    cores.add(physical + "/"
                            + line.substring(line.indexOf(':') + 1).strip());
                }
            }
            return cores.isEmpty() ? logical : Math.min(cores.size(), logical);
        } catch (IOException | RuntimeException e) {
            return logical;
        }
    }
}
