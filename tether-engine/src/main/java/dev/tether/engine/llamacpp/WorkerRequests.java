package dev.tether.engine.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.remote.OpenAiWire;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/** The embedded worker's side of one generation: the {@code generate} request and reading its replies. */
final class WorkerRequests {

    private WorkerRequests() {}

    /**
     * The worker counts the prompt's tokens and gives the answer what is left of the sequence's context, at most
     * {@code max_tokens}. Prompt caching is on for every call: a stateless client resending its history gains as
     * much as a session.
     */
    static ObjectNode generate(String prompt, int bos, int context, ChatOptions options, Set<String> stops) {
        ObjectNode r = WorkerChannel.JSON
                .createObjectNode()
                .put("op", "generate")
                .put("prompt", prompt)
                .put("bos", bos)
                .put("context", context)
                .put("cache_prompt", true);
        OpenAiWire.sampling(options, r, "max_tokens");
        ArrayNode stop = r.putArray("stop"); // the stops the prompt's format adds, always sent
        stops.forEach(stop::add);
        if (options.responseFormat() != null) {
            // the worker turns it into a grammar with the binding's own converter
            ObjectNode schema = options.responseFormat().schema();
            r.put("json_schema", schema != null ? schema.toString() : "{\"type\": \"object\"}");
        }
        return r;
    }

    /** Passes tokens on, those that queued up together as one chunk, until {@code done}, which it returns. */
    static JsonNode stream(BlockingQueue<JsonNode> replies, Cancellation cancel, Consumer<String> chunks) {
        List<JsonNode> batch = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            try {
                batch.add(replies.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel();
                throw new EngineException(ErrorCode.INTERRUPTED, "the generation was interrupted");
            }
            replies.drainTo(batch);
            JsonNode end = null;
            for (JsonNode message : batch) {
                switch (message.path("type").asText()) {
                    case "token" -> text.append(message.path("text").asText());
                    case "done" -> end = message;
                    case WorkerProcess.DEATH -> throw WorkerProcess.crashed();
                    default ->
                        throw new EngineException(
                                ErrorCode.GENERATION_FAILED,
                                message.path("message").asText("the engine failed"),
                                null);
                }
            }
            if (!text.isEmpty() && !cancel.isCancelled()) {
                chunks.accept(text.toString());
            }
            if (end != null) {
                return end;
            }
            batch.clear();
            text.setLength(0);
        }
    }
}
