package dev.tether.pull;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The memory a model could use now: Linux's {@code MemAvailable} (free plus reclaimable cache), else the free RAM. */
public final class MachineMemory {

    private MachineMemory() {}

    public static long availableBytes() {
        return memAvailable()
                .orElseGet(
                        () -> ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                                .getFreeMemorySize());
    }

    private static Optional<Long> memAvailable() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemAvailable:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
