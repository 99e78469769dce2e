package dev.tether.engine.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationResult;

import java.util.List;

/**
 * One answer streamed in OpenAI's chunks, read as it arrives: text and reasoning are passed on at once, tool-call
 * deltas are put together and passed on when the answer finishes; the finish reason and usage are kept. Tool
 * calls are read only when the server was sent the tools.
 */
final class OpenAiAnswer {

    private final RemoteClient client;
    private final RemoteFormat.Output output;
    private final ToolCallDeltas calls;
    private final long start = System.nanoTime();
    private long firstOutput;
    private FinishReason reason;
    private Usage usage = Usage.ZERO;

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
            throw client.failed(RemoteClient.errorMessage(data));
        }
        if (chunk.path("usage").isObject()) {
            JsonNode u = chunk.path("usage");
            usage = new Usage(u.path("prompt_tokens").asInt(0), u.path("completion_tokens").asInt(0), 0, 0);
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (emit(choice.path("delta")) && firstOutput == 0) {
            firstOutput = System.nanoTime();
        }
        if (choice.path("finish_reason").isTextual()) {
            reason = "length".equals(choice.path("finish_reason").asText()) ? FinishReason.LENGTH : FinishReason.STOP;
            calls.drain().forEach(output::call);
        }
        return true;
    }

    Usage usage() {
        return usage;
    }

    /** How the answer ended; a stream that stopped before saying so is a protocol error. */
    GenerationResult result() {
        if (reason == null) {
            throw client.protocol("ended the stream before the answer was done");
        }
        calls.drain().forEach(output::call);
        // OpenAI reports no timings: the wait for the first output stands for the prompt's time
        long end = System.nanoTime();
        long first = firstOutput == 0 ? end : firstOutput;
        return new GenerationResult(reason, new Usage(usage.promptTokens(), usage.completionTokens(),
                (first - start) / 1_000_000, (end - first) / 1_000_000));
    }

    /** Passes on what one delta carries; true if it carried any output. */
    private boolean emit(JsonNode delta) {
        boolean any = false;
        for (String field : List.of("reasoning_content", "reasoning")) {
            String thinking = text(delta.path(field));
            if (!thinking.isEmpty()) {
                output.thinking(thinking);
                any = true;
            }
        }
        String content = text(delta.path("content"));
        if (!content.isEmpty()) {
            output.text(content);
            any = true;
        }
        if (output.takesCalls() && delta.path("tool_calls").isArray()) {
            calls.add(delta.path("tool_calls"));
            any = true;
        }
        return any;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : "";
    }
}
