package dev.tether.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationResult;
import java.util.List;

/**
 * One answer streamed in OpenAI's chunks, read as it arrives: text and reasoning are passed on at each
 * {@link #flush} (the reader flushes whenever no further chunk has already arrived, so pieces that came together
 * go on as one event and nothing waits), tool-call deltas are put together and passed on when the answer
 * finishes; the finish reason and usage are kept. Tool calls are read only when the server was sent the tools.
 */
final class OpenAiAnswer {

    private static final List<String> REASONING = List.of("reasoning_content", "reasoning");

    private final RemoteClient client;
    private final RemoteFormat.Output output;
    private final ToolCallDeltas calls;
    private final long start = System.nanoTime();
    private long firstOutput;
    private FinishReason reason;
    private Usage usage = Usage.ZERO;
    private JsonNode timings;
    private int cachedTokens;
    private final StringBuilder pending = new StringBuilder();
    private boolean pendingThinking;

    OpenAiAnswer(RemoteClient client, RemoteFormat.Output output) {
        this.client = client;
        this.output = output;
        this.calls = new ToolCallDeltas(client.what());
    }

    /** Reads the payload of one {@code data:} line; false once it is {@code [DONE]}. */
    boolean data(String data) {
        if (data.equals("[DONE]")) {
            return false;
        }
        JsonNode chunk = client.parse(data);
        if (chunk.has("error")) {
            flush();
            throw client.failed(RemoteClient.errorMessage(data));
        }
        if (chunk.path("usage").isObject()) {
            JsonNode u = chunk.path("usage");
            usage = new Usage(
                    u.path("prompt_tokens").asInt(0),
                    u.path("completion_tokens").asInt(0),
                    0,
                    0);
            cachedTokens = u.path("prompt_tokens_details").path("cached_tokens").asInt(cachedTokens);
        }
        if (chunk.path("timings").isObject()) {
            timings = chunk.path("timings"); // llama-server's own measurements
            cachedTokens = timings.path("cache_n").asInt(cachedTokens);
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (emit(choice.path("delta")) && firstOutput == 0) {
            firstOutput = System.nanoTime();
        }
        if (choice.path("finish_reason").isTextual()) {
            reason = "length".equals(choice.path("finish_reason").asText()) ? FinishReason.LENGTH : FinishReason.STOP;
            flush();
            calls.drain().forEach(output::call);
        }
        return true;
    }

    /** Whether text or reasoning waits to be passed on. */
    boolean holding() {
        return !pending.isEmpty();
    }

    /** Passes on the text or reasoning received since the last flush. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        String piece = pending.toString();
        pending.setLength(0);
        if (pendingThinking) {
            output.thinking(piece);
        } else {
            output.text(piece);
        }
    }

    Usage usage() {
        return usage;
    }

    /** Prompt tokens the server took from its cache instead of reading them again (0 when it does not say). */
    int cachedTokens() {
        return cachedTokens;
    }

    /** How the answer ended; a stream that stopped before saying so is a protocol error. */
    GenerationResult result() {
        flush();
        if (reason == null) {
            throw client.protocol("ended the stream before the answer was done");
        }
        calls.drain().forEach(output::call);
        if (timings != null) {
            return new GenerationResult(
                    reason,
                    new Usage(
                            usage.promptTokens(),
                            usage.completionTokens(),
                            Math.round(timings.path("prompt_ms").asDouble()),
                            Math.round(timings.path("predicted_ms").asDouble())));
        }
        // OpenAI reports no timings: the wait for the first output stands for the prompt's time
        long end = System.nanoTime();
        long first = firstOutput == 0 ? end : firstOutput;
        return new GenerationResult(
                reason,
                new Usage(
                        usage.promptTokens(),
                        usage.completionTokens(),
                        (first - start) / 1_000_000,
                        (end - first) / 1_000_000));
    }

    /** Passes on what one delta carries; true if it carried any output. */
    private boolean emit(JsonNode delta) {
        boolean any = false;
        for (String field : REASONING) {
            String thinking = text(delta.path(field));
            if (!thinking.isEmpty()) {
                hold(thinking, true);
                any = true;
            }
        }
        String content = text(delta.path("content"));
        if (!content.isEmpty()) {
            hold(content, false);
            any = true;
        }
        if (output.takesCalls() && delta.path("tool_calls").isArray()) {
            flush();
            calls.add(delta.path("tool_calls"));
            any = true;
        }
        return any;
    }

    private void hold(String piece, boolean thinking) {
        if (thinking != pendingThinking) {
            flush();
            pendingThinking = thinking;
        }
        pending.append(piece);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : "";
    }
}
