package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * One generation inside the worker: streams each token's text, then a {@code done} message with the counts, the
 * finish reason and the timings. A cancel is acted on by this thread after the token in flight, because the
 * binding's blocking {@code next()} never returns once its task is cancelled from another thread. The ending is
 * {@code stop} for a stop sequence (end-of-turn markers included: special tokens are rendered as text), and
 * {@code length} when the engine ended on its own (token budget or context).
 */
final class WorkerGeneration implements Runnable {

    private final long id;
    private final JsonNode request;
    private final LlamaModel model;
    private final WorkerChannel channel;
    private final Lock receiving;
    private final Runnable onEnd;
    private volatile boolean cancelled;

    WorkerGeneration(
            long id, JsonNode request, LlamaModel model, WorkerChannel channel, Lock receiving, Runnable onEnd) {
        this.id = id;
        this.request = request;
        this.model = model;
        this.channel = channel;
        this.receiving = receiving;
        this.onEnd = onEnd;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public void run() {
        try {
            generate();
        } catch (RuntimeException e) {
            channel.error(id, "generation failed: " + e.getMessage());
        } finally {
            onEnd.run();
        }
    }

    private void generate() {
        long start = System.nanoTime();
        int promptTokens = model.encode(request.path("prompt").asText()).length
                + request.path("bos").asInt();
        int limit = Math.max(1, request.path("context").asInt() - promptTokens);
        if (request.hasNonNull("max_tokens")) {
            limit = Math.min(limit, Math.max(1, request.path("max_tokens").asInt()));
        }
        long first = 0;
        int tokens = 0;
        int afterCancel = 0;
        StopMatcher stops = new StopMatcher(stopStrings());
        LlamaIterator it = model.generate(inference(limit)).iterator();
        while (it.hasNext()) {
            LlamaOutput output = first == 0 ? it.next() : nextInTurn(it);
            if (!it.hasNext()) {
                break; // the final message carries no token
            }
            if (cancelled) {
                afterCancel++;
                it.cancel();
                break;
            }
            tokens++;
            if (first == 0) {
                first = System.nanoTime();
            }
            emit(stops.feed(output.text));
            if (stops.stopped()) {
                it.cancel();
                break;
            }
        }
        emit(stops.finish());
        long end = System.nanoTime();
        String finish = cancelled ? "cancelled" : stops.stopped() ? "stop" : "length";
        long firstAt = first == 0 ? end : first;
        channel.send(WorkerChannel.message(id, "done")
                .put("finish", finish)
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", tokens)
                .put("prompt_ms", (firstAt - start) / 1_000_000)
                .put("generation_ms", (end - firstAt) / 1_000_000)
                .put("after_cancel", afterCancel));
    }

    /**
     * The binding's {@code receiveCompletion} spins while results of other tasks wait in its queue; letting one
     * decoding generation at a time wait keeps concurrent streams from burning the cores the model needs. The
     * first token (the prompt being read) is waited for outside the line, so a long prompt stalls no one.
     */
    private LlamaOutput nextInTurn(LlamaIterator it) {
        receiving.lock();
        try {
            return it.next();
        } finally {
            receiving.unlock();
        }
    }

    private void emit(String text) {
        if (!text.isEmpty()) {
            channel.token(id, text);
        }
    }

    private List<String> stopStrings() {
        List<String> stop = new ArrayList<>();
        request.path("stop").forEach(s -> stop.add(s.asText()));
        return stop;
    }

    private InferenceParameters inference(int limit) {
        InferenceParameters p = new InferenceParameters(request.path("prompt").asText())
                .setNPredict(limit)
                .setCachePrompt(request.path("cache_prompt").asBoolean(true));
        if (request.hasNonNull("temperature")) {
            p.setTemperature((float) request.path("temperature").asDouble());
        }
        if (request.hasNonNull("top_p")) {
            p.setTopP((float) request.path("top_p").asDouble());
        }
        if (request.hasNonNull("seed")) {
            p.setSeed((int) request.path("seed").asLong());
        }
        if (request.hasNonNull("json_schema")) {
            p.setGrammar(
                    LlamaModel.jsonSchemaToGrammar(request.path("json_schema").asText()));
        }
        return p;
    }
}
