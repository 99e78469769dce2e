package dev.tether.engine.model;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.Objects;

/**
 * One model call: the whole history (system message first), the tools offered, the options, and the cancel flag
 * the provider must watch. {@code cacheKey} groups calls of one conversation so a provider can keep it on one
 * prompt-cache slot (a session id; null when stateless). {@code maxToolChars} bounds one tool call's text
 * ({@code providers.parser.max_tool_chars}). {@code trimToFit}: a history longer than the context loses its oldest
 * turns (with a {@code context_trimmed} notice); false: an engine that would trim throws {@link ContextFull} instead.
 */
public record GenerationRequest(
        String model,
        List<Message> messages,
        List<ToolSpec> tools,
        ChatOptions options,
        Cancellation cancel,
        String cacheKey,
        int maxToolChars,
        boolean trimToFit) {

    /** The default of {@code providers.parser.max_tool_chars}. */
    public static final int DEFAULT_MAX_TOOL_CHARS = 32_768;

    public GenerationRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        options = options == null ? ChatOptions.DEFAULT : options;
        cancel = cancel == null ? new Cancellation() : cancel;
        if (maxToolChars <= 0) {
            throw new IllegalArgumentException("maxToolChars must be positive");
        }
    }

    /** A request with the default tool-call bound that trims a history longer than the context. */
    public GenerationRequest(
            String model,
            List<Message> messages,
            List<ToolSpec> tools,
            ChatOptions options,
            Cancellation cancel,
            String cacheKey) {
        this(model, messages, tools, options, cancel, cacheKey, DEFAULT_MAX_TOOL_CHARS, true);
    }

    /** The same call with other messages (the history with the tools taught, for instance). */
    public GenerationRequest withMessages(List<Message> other) {
        return new GenerationRequest(model, other, tools, options, cancel, cacheKey, maxToolChars, trimToFit);
    }

    /** The same call, trimming a history too long for the context or (false) throwing {@link ContextFull}. */
    public GenerationRequest withTrimToFit(boolean trim) {
        return new GenerationRequest(model, messages, tools, options, cancel, cacheKey, maxToolChars, trim);
    }
}
