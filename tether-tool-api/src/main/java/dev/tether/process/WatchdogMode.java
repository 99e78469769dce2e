package dev.tether.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which watchdog keeps a child from outliving Tether, from {@code TETHER_CHILD_WATCHDOG}: {@code java} (a small JVM
 * from Tether's own jar; works everywhere), {@code sh} (a shell script; POSIX only) or {@code none} (no watchdog: a
 * killed Tether leaves its children running). Unset: {@code sh} where {@code /bin/sh} exists, {@code java} elsewhere
 * (Windows).
 */
public enum WatchdogMode {
    JAVA,
    SH,
    NONE;

    /** The environment variable that chooses the mode. */
    public static final String VARIABLE = "TETHER_CHILD_WATCHDOG";

    /** The mode this process's environment asks for. */
    public static WatchdogMode configured() {
        return parse(System.getenv(VARIABLE), Files.isExecutable(Path.of("/bin/sh")));
    }

    /** The mode {@code value} names; blank means the default for a machine with or without {@code /bin/sh}. */
    static WatchdogMode parse(String value, boolean hasShell) {
        if (value == null || value.isBlank()) {
            return hasShell ? SH : JAVA;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "java" -> JAVA;
            case "sh" -> SH;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException(VARIABLE + " must be java, sh or none, not '" + value + "'");
        };
    }
}
