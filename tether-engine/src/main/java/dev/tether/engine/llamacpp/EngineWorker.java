package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine worker: a separate JVM that loads one GGUF model with llama.cpp and serves generations over
 * stdin/stdout (see {@link WorkerChannel}); its logs go to stderr. The server starts one per loaded model, so that
 * unloading frees all native memory (by ending the process) and a native crash takes down only this process.
 * It exits when its stdin closes, that is when the server is gone.
 */
public final class EngineWorker {

    private final WorkerChannel channel;
    private final LlamaModel model;
    private final Map<Long, WorkerGeneration> running = new ConcurrentHashMap<>();
    private final Lock receiving = new ReentrantLock(true);

    private EngineWorker(WorkerChannel channel, LlamaModel model) {
        this.channel = channel;
        this.model = model;
    }

    public static void main(String[] args) throws IOException {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        WorkerChannel channel = new WorkerChannel(protocol);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String first = in.readLine();
        if (first == null) {
            Runtime.getRuntime().halt(0);
        }
        EngineWorker worker;
        try {
            JsonNode load = WorkerChannel.JSON.readTree(first);
            long started = System.nanoTime();
            LlamaModel.setLogger(LogFormat.TEXT, (level, text) -> System.err.print(text));
            worker = new EngineWorker(channel, new LlamaModel(parameters(load)));
            channel.sendNow(WorkerChannel.message(0, "ready")
                    .put("load_ms", (System.nanoTime() - started) / 1_000_000)
                    .put("pid", ProcessHandle.current().pid()));
        } catch (RuntimeException | Error e) {
            channel.sendNow(
                    WorkerChannel.message(0, "error").put("message", "could not load the model: " + e.getMessage()));
            Runtime.getRuntime().halt(2);
            return;
        }
        worker.serve(in);
        // stdin closed: the server is gone or done with us; closing the native model is unsafe, so just end
        Runtime.getRuntime().halt(0);
    }

    static ModelParameters parameters(JsonNode load) {
        ModelParameters p = new ModelParameters()
                .setModel(load.path("model").asText())
                .setCtxSize(load.path("n_ctx").asInt())
                .setParallel(load.path("parallel").asInt(1))
                .enableContBatching()
                .disableContextShift()
                .enableSpecial()
                .setCacheReuse(load.path("cache_reuse").asInt(0))
                .setGpuLayers(load.path("n_gpu_layers").asInt(0));
        if (load.path("threads").asInt(0) > 0) {
            p.setThreads(load.path("threads").asInt());
        }
        String device = load.path("device").asText("");
        if (!device.isEmpty()) {
            p.setDevices(device);
        }
        return p;
    }

    private void serve(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode request;
            try {
                request = WorkerChannel.JSON.readTree(line);
            } catch (IOException e) {
                System.err.println("tether worker: unreadable request: " + e.getMessage());
                continue;
            }
            dispatch(request);
        }
    }

    private void dispatch(JsonNode request) {
        long id = request.path("id").asLong();
        switch (request.path("op").asText()) {
            case "generate" -> {
                WorkerGeneration generation =
                        new WorkerGeneration(id, request, model, channel, receiving, () -> running.remove(id));
                running.put(id, generation);
                Thread.ofPlatform().name("generate-" + id).daemon().start(generation);
            }
            case "cancel" -> {
                WorkerGeneration generation = running.get(id);
                if (generation != null) {
                    generation.cancel();
                }
            }
            case "tokenize" -> tokenize(id, request.path("text").asText());
            default -> channel.error(id, "unknown op: " + request.path("op").asText());
        }
    }

    private void tokenize(long id, String text) {
        try {
            channel.send(WorkerChannel.message(id, "tokens").put("count", model.encode(text).length));
        } catch (RuntimeException e) {
            channel.error(id, "tokenize failed: " + e.getMessage());
        }
    }
}
