package dev.tether.engines;

import dev.tether.engine.llamacpp.EngineCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a freshly unpacked {@code llama-server --version} and {@code --list-devices}: an engine that does not run
 * on this machine is refused with its cause (a missing shared library or DLL by name, the exit code, the last
 * lines it printed).
 */
final class EngineCheck {

    /** What the engine said about itself. */
    record Report(String version, List<String> devices) {}

    private static final Pattern MISSING_SO = Pattern.compile("error while loading shared libraries: ([^:]+):");
    private static final Pattern MISSING_DLL = Pattern.compile("([A-Za-z0-9_.+-]+\\.dll)", Pattern.CASE_INSENSITIVE);
    private static final Pattern MISSING_DYLIB = Pattern.compile("Library not loaded: (\\S+)");
    /** Windows' STATUS_DLL_NOT_FOUND as a process exit code. */
    private static final int DLL_NOT_FOUND = 0xC0000135;

    private static final int LAST_LINES = 5;

    private EngineCheck() {}

    static Report run(Path server, Duration timeout) {
        String version = output(server, "--version", timeout);
        String devices = output(server, "--list-devices", timeout);
        return new Report(EngineCatalog.version(version), EngineCatalog.devices(devices));
    }

    private static String output(Path server, String flag, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(server.toString(), flag)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw broken(server, "it cannot be started: " + e.getMessage());
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw broken(server, flag + " did not finish within " + timeout.toSeconds() + " s");
            }
            String text = new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw broken(server, diagnose(flag, process.exitValue(), text));
            }
            return text;
        } catch (InstallException e) {
            throw e;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw broken(server, "the check was interrupted");
        } catch (Exception e) {
            process.destroyForcibly();
            throw broken(server, flag + " could not be read: " + e.getMessage());
        }
    }

    /** One sentence: the missing library when the output names one, the exit code, the last lines printed. */
    static String diagnose(String flag, int exitCode, String output) {
        StringBuilder why = new StringBuilder(flag + " exited with code " + exitCode);
        Matcher so = MISSING_SO.matcher(output);
        Matcher dylib = MISSING_DYLIB.matcher(output);
        if (so.find()) {
            why.append("; the shared library ").append(so.group(1).strip()).append(" is missing");
        } else if (dylib.find()) {
            why.append("; the library ").append(dylib.group(1)).append(" is missing");
        } else if (exitCode == DLL_NOT_FOUND) {
            Matcher dll = MISSING_DLL.matcher(output);
            why.append("; Windows could not find a DLL it needs")
                    .append(dll.find() ? " (" + dll.group(1) + ")" : " (a GPU driver, or the Visual C++ runtime)");
        }
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        if (!lines.isEmpty()) {
            why.append("; it printed: ")
                    .append(String.join(" | ", lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size())));
        }
        return why.toString();
    }

    private static InstallException broken(Path server, String why) {
        return new InstallException(
                InstallException.Kind.UNAVAILABLE,
                "engine_broken",
                "the downloaded engine " + server.getFileName() + " does not run on this machine: " + why
                        + "; it was removed");
    }
}
