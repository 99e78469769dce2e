package dev.tether.engine.llamacpp;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.remote.OpenAiChatClient;
import dev.tether.process.ChildProcesses;
import dev.tether.process.WatchedProcess;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code llama-server} process serving one model on a loopback port it picks itself ({@link ChildPort}) with a
 * random API key, its output in a log file and only the environment it needs ({@link ChildEnvironment}). It runs
 * under the watchdog that {@code TETHER_CHILD_WATCHDOG} chooses ({@link ChildProcesses}), which holds the pipe to
 * this JVM on its stdin: when the pipe closes — {@link #close}, a normal exit, or this JVM killed with
 * {@code kill -9} — the watchdog ends the server, so no server outlives Tether (llama-server itself does not watch
 * its stdin).
 */
final class LlamaServerChild implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LlamaServerChild.class.getName());
    private static final Pattern UNKNOWN_ARCHITECTURE = Pattern.compile("unknown model architecture: '([^']+)'");
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    private final WatchedProcess server;
    private final int port;
    private final Path log;
    private final OpenAiChatClient client;

    private LlamaServerChild(WatchedProcess server, int port, String apiKey, Path log) {
        this.server = server;
        this.port = port;
        this.log = log;
        this.client = OpenAiChatClient.over(
                ChildExchange.OPENER,
                "llama-server on port " + port,
                URI.create("http://127.0.0.1:" + port + "/"),
                Map.of("Authorization", "Bearer " + apiKey),
                Duration.ofSeconds(5),
                READ_TIMEOUT);
    }

    /**
     * Starts llama-server for {@code model} with {@code flags} (everything but host, port and key) and waits until
     * it says where it listens and answers there with its key, the model loaded.
     */
    static LlamaServerChild start(Path executable, Path model, List<String> flags, Path logDir, Duration loadTimeout) {
        String apiKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path log = logFile(logDir, model);
        long logStart = size(log);
        // port 0: the kernel picks a free port as llama-server binds it, so no other process can take it first
        List<String> serverCommand =
                new ArrayList<>(List.of(executable.toString(), "--host", "127.0.0.1", "--port", "0"));
        serverCommand.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(serverCommand)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        ChildEnvironment.keepOnlyWhatItNeeds(builder.environment());
        builder.environment().put("LLAMA_API_KEY", apiKey); // --api-key's twin, kept out of the process list
        WatchedProcess server;
        try {
            server = ChildProcesses.start(builder, ChildProcesses.Stdin.NONE);
        } catch (IOException | IllegalArgumentException e) {
            throw new EngineException(
                    ErrorCode.ENGINE_START_FAILED, "cannot start " + executable + ": " + e.getMessage());
        }
        int port;
        try {
            port = awaitLoaded(server, model, log, logStart, apiKey, loadTimeout);
        } catch (RuntimeException e) {
            server.end(Duration.ofSeconds(5));
            throw e;
        }
        LlamaServerChild child = new LlamaServerChild(server, port, apiKey, log);
        LOG.info(() -> "llama-server " + child.pid() + " serves " + model.getFileName() + " on port " + port + " (log "
                + log + ")");
        return child;
    }

    /** Waits until the server has loaded the model and answers with its key; returns its port. */
    private static int awaitLoaded(
            WatchedProcess server, Path model, Path log, long logStart, String apiKey, Duration timeout) {
        OptionalInt port;
        try {
            port = ChildPort.await(log, logStart, apiKey, server::alive, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.MODEL_LOAD_FAILED, "interrupted while loading " + model.getFileName());
        }
        if (port.isPresent()) {
            return port.getAsInt();
        }
        if (!server.alive()) {
            throw loadFailed(server, model, log, logStart);
        }
        throw new EngineException(
                ErrorCode.MODEL_LOAD_FAILED,
                "llama-server did not load " + model.getFileName() + " within " + timeout.toSeconds() + " s (log: "
                        + log + ")");
    }

    OpenAiChatClient client() {
        return client;
    }

    boolean alive() {
        return server.alive();
    }

    /** The llama-server process id. */
    long pid() {
        return server.child().pid();
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** Waits up to {@code timeout} for the server to end; true if it has. */
    boolean awaitExit(Duration timeout) {
        return server.awaitExit(timeout);
    }

    /** Ends the server: closing the watchdog's stdin makes it terminate the server; forced after five seconds. */
    @Override
    public void close() {
        client.close();
        server.end(Duration.ofSeconds(5));
    }

    /** Why the server ended while loading, from its log: an unknown architecture is named as such. */
    private static EngineException loadFailed(WatchedProcess server, Path model, Path log, long logStart) {
        server.awaitExit(Duration.ofSeconds(2));
        String text = tail(log, logStart);
        Matcher unknown = UNKNOWN_ARCHITECTURE.matcher(text);
        if (unknown.find()) {
            return new EngineException(
                    ErrorCode.MODEL_UNSUPPORTED,
                    "this llama-server cannot load "
                            + model.getFileName() + ": its architecture '" + unknown.group(1)
                            + "' is unknown to it; install"
                            + " a newer llama.cpp (llama-server) release");
        }
        String last = text.lines()
                .filter(l -> l.contains("error") || l.contains("failed"))
                .reduce((a, b) -> b)
                .orElse("it exited with no message")
                .strip();
        return new EngineException(
                ErrorCode.MODEL_LOAD_FAILED,
                "llama-server could not load " + model.getFileName() + ": " + last + " (log: " + log + ")");
    }

    private static Path logFile(Path logDir, Path model) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.ENGINE_START_FAILED, "cannot create the log folder " + logDir + ": " + e.getMessage());
        }
        String name = model.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return logDir.resolve("llama-server-" + name + ".log");
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What the log gained since {@code from}, at most its last 64 KiB. */
    private static String tail(Path file, long from) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(from, in.length() - 65_536);
            byte[] bytes = new byte[(int) Math.max(0, in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
