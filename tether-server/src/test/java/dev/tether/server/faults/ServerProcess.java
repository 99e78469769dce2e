package dev.tether.server.faults;

import dev.tether.server.Http;
import dev.tether.server.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real server in its own JVM (so that {@code kill -9} is real), started from a config file on port 0. */
public final class ServerProcess implements AutoCloseable {

    private static final String LISTENING = "Tether listening on ";

    public final Process process;
    public final Http http;
    public final String url;
    private final Path stderr;

    private ServerProcess(Process process, String url, Path stderr) {
        this.process = process;
        this.url = url;
        this.http = new Http(url);
        this.stderr = stderr;
    }

    public static ServerProcess start(Path config, Path stderr) throws IOException {
        return start(config, stderr, env -> {});
    }

    /** As {@link #start(Path, Path)}, with {@code environment} added to this JVM's. */
    public static ServerProcess start(Path config, Path stderr, Map<String, String> environment) throws IOException {
        return start(config, stderr, env -> env.putAll(environment));
    }

    /** As above, with the child's environment changed by {@code environment} first. */
    public static ServerProcess start(
            Path config, Path stderr, java.util.function.Consumer<java.util.Map<String, String>> environment)
            throws IOException {
        return start(config, stderr, java.util.List.of(), environment);
    }

    /** As above, with JVM options such as a heap cap. */
    public static ServerProcess start(Path config, Path stderr, java.util.List<String> jvmOptions) throws IOException {
        return start(config, stderr, jvmOptions, env -> {});
    }

    private static ServerProcess start(
            Path config,
            Path stderr,
            java.util.List<String> jvmOptions,
            java.util.function.Consumer<java.util.Map<String, String>> environment)
            throws IOException {
        java.util.List<String> command =
                new java.util.ArrayList<>(java.util.List.of(javaBin(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of(
                "-cp", classPath(), Main.class.getName(), "--config", config.toString(), "--port", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        environment.accept(builder.environment());
        Process process = builder.start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith(LISTENING)) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start: " + line + "\n" + Files.readString(stderr));
        }
        return new ServerProcess(process, line.substring(LISTENING.length()), stderr);
    }

    /** SIGKILL on POSIX: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server survived kill -9");
        }
    }

    public String stderr() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
