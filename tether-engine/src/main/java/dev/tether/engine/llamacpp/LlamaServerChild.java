package dev.tether.engine.llamacpp;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.remote.OpenAiChatClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code llama-server} process serving one model on a free loopback port with a random API key, its output in
 * a log file. It runs under a {@code sh} watchdog that holds the pipe to this JVM on its stdin: when the pipe
 * closes — {@link #close}, a normal exit, or this JVM killed with {@code kill -9} — the watchdog ends the server, so
 * no server outlives Tether (llama-server itself does not watch its stdin).
 */
final class LlamaServerChild implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LlamaServerChild.class.getName());
    private static final Pattern UNKNOWN_ARCHITECTURE = Pattern.compile("unknown model architecture: '([^']+)'");
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
    /** Starts the server ($0 and its args) in the background, prints its pid, and ends it when stdin closes. */
    private static final String WATCHDOG = """
            "$0" "$@" </dev/null >>"$TETHER_LLAMA_LOG" 2>&1 &
            child=$!
            echo "$child"
            cat >/dev/null
            kill "$child" 2>/dev/null
            """;

    private final Process watchdog;
    private final ProcessHandle server;
    private final int port;
    private final Path log;
    private final OpenAiChatClient client;

    private LlamaServerChild(Process watchdog, ProcessHandle server, int port, String apiKey, Path log) {
        this.watchdog = watchdog;
        this.server = server;
        this.port = port;
        this.log = log;
        this.client = OpenAiChatClient.over(ChildExchange.OPENER, "llama-server on port " + port,
                URI.create("http://127.0.0.1:" + port + "/"),
                Map.of("Authorization", "Bearer " + apiKey), Duration.ofSeconds(5), READ_TIMEOUT);
    }

    /**
     * Starts llama-server for {@code model} with {@code flags} (everything but host, port and key) and waits until
     * its {@code /health} says the model is loaded.
     */
    static LlamaServerChild start(Path executable, Path model, List<String> flags, Path logDir, Duration loadTimeout) {
        String apiKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path log = logFile(logDir, model);
        long logStart = size(log);
        int port = freePort();
        List<String> serverCommand = new ArrayList<>(List.of(executable.toString(), "--host", "127.0.0.1", "--port",
                String.valueOf(port)));
        serverCommand.addAll(flags);
        boolean watched = !System.getProperty("os.name", "").startsWith("Windows"); // no sh there
        List<String> command = new ArrayList<>(watched ? List.of("sh", "-c", WATCHDOG) : List.of());
        command.addAll(serverCommand);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (!watched) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true);
        }
        builder.environment().keySet().removeIf(k -> k.startsWith("LLAMA_ARG_")); // the user's would override ours
        builder.environment().put("TETHER_LLAMA_LOG", log.toString());
        builder.environment().put("LLAMA_API_KEY", apiKey); // --api-key's twin, kept out of the process list
        Process watchdog;
        ProcessHandle server;
        try {
            watchdog = builder.start();
            server = watched ? serverOf(watchdog) : watchdog.toHandle();
        } catch (IOException | NumberFormatException e) {
            throw new EngineException(ErrorCode.ENGINE_START_FAILED, "cannot start " + executable + ": " + e.getMessage());
        }
        LlamaServerChild child = new LlamaServerChild(watchdog, server, port, apiKey, log);
        try {
            child.awaitHealthy(model, loadTimeout, logStart);
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
        LOG.info(() -> "llama-server " + child.pid() + " serves " + model.getFileName() + " on port " + port
                + " (log " + log + ")");
        return child;
    }

    /** The server the watchdog started: it prints its pid first. */
    private static ProcessHandle serverOf(Process watchdog) throws IOException {
        String pid = new BufferedReader(new InputStreamReader(watchdog.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        return pid == null ? watchdog.toHandle() : ProcessHandle.of(Long.parseLong(pid.strip()))
                .orElse(watchdog.toHandle());
    }

    OpenAiChatClient client() {
        return client;
    }

    boolean alive() {
        return server.isAlive();
    }

    /** The llama-server process id. */
    long pid() {
        return server.pid();
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** Waits up to {@code timeout} for the server to end; true if it has. */
    boolean awaitExit(Duration timeout) {
        try {
            server.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !server.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !server.isAlive();
        }
    }

    /** Ends the server: closing the watchdog's stdin makes it send SIGTERM; forced after five seconds. */
    @Override
    public void close() {
        client.close();
        try {
            watchdog.getOutputStream().close();
        } catch (IOException e) {
            // the watchdog is gone already; the server is ended below
        }
        if (!awaitExit(Duration.ofSeconds(5))) {
            server.destroyForcibly();
            awaitExit(Duration.ofSeconds(5));
        }
        watchdog.destroy();
    }

    private void awaitHealthy(Path model, Duration timeout, long logStart) {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            while (System.nanoTime() < deadline) {
                if (!alive()) {
                    throw loadFailed(model, logStart);
                }
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.MODEL_LOAD_FAILED, "interrupted while loading " + model.getFileName());
        }
        throw new EngineException(ErrorCode.MODEL_LOAD_FAILED, "llama-server did not load " + model.getFileName()
                + " within " + timeout.toSeconds() + " s (log: " + log + ")");
    }

    /** Why the server ended while loading, from its log: an unknown architecture is named as such. */
    private EngineException loadFailed(Path model, long logStart) {
        awaitExit(Duration.ofSeconds(2));
        String text = tail(log, logStart);
        Matcher unknown = UNKNOWN_ARCHITECTURE.matcher(text);
        if (unknown.find()) {
            return new EngineException(ErrorCode.MODEL_UNSUPPORTED, "this llama-server cannot load "
                    + model.getFileName() + ": its architecture '" + unknown.group(1) + "' is unknown to it; install"
                    + " a newer llama.cpp (llama-server) release");
        }
        String last = text.lines().filter(l -> l.contains("error") || l.contains("failed"))
                .reduce((a, b) -> b).orElse("it exited with no message").strip();
        return new EngineException(ErrorCode.MODEL_LOAD_FAILED, "llama-server could not load " + model.getFileName()
                + ": " + last + " (log: " + log + ")");
    }

    private static Path logFile(Path logDir, Path model) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new EngineException(ErrorCode.ENGINE_START_FAILED, "cannot create the log folder " + logDir
                    + ": " + e.getMessage());
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EngineException(ErrorCode.ENGINE_START_FAILED, "no free loopback port: " + e.getMessage());
        }
    }
}
