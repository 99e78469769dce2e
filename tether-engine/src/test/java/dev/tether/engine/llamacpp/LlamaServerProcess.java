package dev.tether.engine.llamacpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code llama-server} (from {@link LlamaCppBuild#server()}) serving one model on a free loopback port with
 * a random API key, for tests and measurements. {@link #start} returns once {@code /health} says it is ready;
 * {@link #close} ends it. Its output goes to {@link #log()}.
 */
public final class LlamaServerProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final String apiKey;
    private final Path log;

    private LlamaServerProcess(Process process, int port, String apiKey, Path log) {
        this.process = process;
        this.port = port;
        this.apiKey = apiKey;
        this.log = log;
    }

    /**
     * Starts llama-server for {@code model} with {@code -c 2048 -t 1} and {@code extraArgs} (which may override
     * them), and waits until it is ready. llama-server cannot pick its own port, so a free one is chosen here and
     * tried again if another process takes it first.
     */
    public static LlamaServerProcess start(Path model, String... extraArgs) {
        Path server = LlamaCppBuild.server();
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return startOnce(server, model, List.of(extraArgs));
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        throw failure;
    }

    private static LlamaServerProcess startOnce(Path server, Path model, List<String> extraArgs) {
        int port = freePort();
        String key = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        List<String> command = new ArrayList<>(List.of(
                server.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--api-key",
                key,
                "-m",
                model.toString(),
                "-c",
                "2048",
                "-t",
                "1"));
        command.addAll(extraArgs);
        try {
            Path log = Files.createTempFile("llama-server-" + port + "-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            LlamaServerProcess running = new LlamaServerProcess(process, port, key, log);
            running.awaitReady();
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public int port() {
        return port;
    }

    public String apiKey() {
        return apiKey;
    }

    public Path log() {
        return log;
    }

    public Process process() {
        return process;
    }

    /** A POST of {@code json} to {@code path} with the API key. */
    public HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** A GET of {@code path} with the API key. */
    public HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + apiKey)
                .GET()
                .build();
    }

    /** Everything llama-server has logged so far. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("llama-server exited with " + process.exitValue() + ": " + tail());
            }
            try {
                HttpResponse<String> health =
                        HTTP.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause();
        }
        close();
        throw new IllegalStateException(
                "llama-server was not ready within " + READY_TIMEOUT.toSeconds() + " s: " + tail());
    }

    private String tail() {
        String text = logText();
        return text.substring(Math.max(0, text.length() - 2000));
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling /health: llama-server offers nothing to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks llama-server to stop (SIGTERM) and waits for it; kills it if it does not stop within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
