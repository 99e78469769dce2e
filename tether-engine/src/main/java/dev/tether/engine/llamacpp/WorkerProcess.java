package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@link EngineWorker} process and the server's end of its protocol: requests carry ids, and each reply line
 * goes to the listener of its id, so several generations share the worker. When the process ends, every
 * listener hears {@link #DEATH}.
 */
final class WorkerProcess implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerProcess.class.getName());
    /** The message listeners get when the worker is gone. */
    static final String DEATH = "worker_died";

    private final Process process;
    private final OutputStream stdin;
    private final Map<Long, Consumer<JsonNode>> listeners = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private volatile boolean dead;

    private WorkerProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /** Starts a worker for {@code load} and waits until its model is loaded. */
    static WorkerProcess start(List<String> command, ObjectNode load, Duration loadTimeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new EngineException(
                    ErrorCode.ENGINE_START_FAILED, "cannot start the engine worker: " + e.getMessage());
        }
        WorkerProcess worker = new WorkerProcess(process);
        String model = Path.of(load.path("model").asText()).getFileName().toString();
        Thread.ofPlatform().daemon().name("worker-out-" + process.pid()).start(worker::readReplies);
        Thread.ofPlatform().daemon().name("worker-err-" + process.pid()).start(() -> worker.forwardLogs(model));
        try {
            worker.write(load);
            JsonNode reply = worker.ready.get(loadTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!reply.path("type").asText().equals("ready")) {
                throw new IllegalStateException(reply.path("message").asText("the worker failed to start"));
            }
            LOG.info(() -> "loaded " + model + " in worker " + process.pid() + " (" + reply.path("load_ms") + " ms)");
            return worker;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            worker.close();
            String why = e instanceof TimeoutException
                    ? "timed out after " + loadTimeout.toSeconds() + " s"
                    : e instanceof ExecutionException ee ? ee.getCause().getMessage() : e.getMessage();
            throw new EngineException(ErrorCode.MODEL_LOAD_FAILED, "cannot load " + model + ": " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.close();
            throw new EngineException(ErrorCode.MODEL_LOAD_FAILED, "interrupted while loading " + model);
        }
    }

    /** The command line that runs a worker in a JVM like this one, with this classpath. */
    static List<String> command(String jvmOptions, Path nativeLibPath) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : jvmOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.add("--enable-native-access=ALL-UNNAMED");
        if (nativeLibPath != null) {
            command.add("-Dde.kherud.llama.lib.path=" + nativeLibPath.toAbsolutePath());
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EngineWorker.class.getName());
        return command;
    }

    /** Sends {@code request} with a fresh id; replies (and {@link #DEATH}) go to {@code listener}. */
    long request(ObjectNode request, Consumer<JsonNode> listener) {
        long id = ids.incrementAndGet();
        listeners.put(id, listener);
        if (dead) {
            listeners.remove(id);
            throw crashed();
        }
        write(request.put("id", id));
        return id;
    }

    void cancel(long id) {
        try {
            write(WorkerChannel.JSON.createObjectNode().put("op", "cancel").put("id", id));
        } catch (EngineException e) {
            // the worker is gone: nothing left to cancel
        }
    }

    void forget(long id) {
        listeners.remove(id);
    }

    /** Tokens in {@code text} as the model tokenizes it (special tokens parsed, no BOS added). */
    int tokenize(String text) {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        long id = request(
                WorkerChannel.JSON.createObjectNode().put("op", "tokenize").put("text", text), reply::complete);
        try {
            JsonNode answer = reply.get();
            if (!answer.path("type").asText().equals("tokens")) {
                throw answer.path("type").asText().equals(DEATH)
                        ? crashed()
                        : new EngineException(
                                ErrorCode.TOKENIZE_FAILED,
                                answer.path("message").asText(),
                                null);
            }
            return answer.path("count").asInt();
        } catch (ExecutionException e) {
            throw new EngineException(ErrorCode.TOKENIZE_FAILED, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(ErrorCode.INTERRUPTED, "interrupted");
        } finally {
            listeners.remove(id);
        }
    }

    static EngineException crashed() {
        return new EngineException(
                ErrorCode.ENGINE_CRASHED, "the model engine stopped unexpectedly; the next request starts it again");
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    private synchronized void write(ObjectNode message) {
        try {
            stdin.write((message.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw crashed();
        }
    }

    private void readReplies() {
        try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(WorkerChannel.PREFIX)) {
                    dispatch(WorkerChannel.JSON.readTree(line.substring(WorkerChannel.PREFIX.length())));
                } else if (!line.isBlank()) {
                    String text = line;
                    LOG.fine(() -> "worker " + process.pid() + ": " + text);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "worker output closed", e);
        }
        died();
    }

    private void dispatch(JsonNode message) {
        long id = message.path("id").asLong();
        if (id == 0) {
            ready.complete(message);
            return;
        }
        Consumer<JsonNode> listener = listeners.get(id);
        if (listener != null) {
            listener.accept(message);
        }
    }

    private void died() {
        dead = true;
        ObjectNode death = WorkerChannel.message(0, DEATH);
        ready.complete(death.put("message", "the worker exited while loading the model"));
        listeners.values().forEach(l -> l.accept(death));
        listeners.clear();
    }

    private void forwardLogs(String model) {
        try (BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                String text = line;
                Level level = text.contains("error") || text.contains("failed") ? Level.WARNING : Level.FINE;
                LOG.log(level, () -> "[" + model + "] " + text);
            }
        } catch (IOException e) {
            // the worker is gone
        }
    }

    /** Ends the worker: closing stdin asks it to exit; a worker that does not is killed. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
