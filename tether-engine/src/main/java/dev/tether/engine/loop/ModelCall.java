package dev.tether.engine.loop;

import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelProvider;
import dev.tether.tool.ToolSpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One call of a model, as turns and stateless completions both make it: the provider's events become chat events
 * as they arrive, the visible text and the tool calls are collected, and a failure is kept, not thrown.
 */
final class ModelCall {

    private static final Logger LOG = Logger.getLogger(ModelCall.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What to do with a call of a tool the request did not offer. */
    enum Unoffered {
        /** Keep it: the tool loop answers it with an error result the model can read. */
        KEEP,
        /** Drop it with an {@code unknown_tool_call} error event: the client cannot run it. */
        DROP
    }

    /**
     * The call's outcome: the visible text, the tool calls, why it ended, the usage, the provider's failure when
     * {@code finishReason} is {@code ERROR}, notices to pass on (e.g. {@code context_trimmed}), and the reasoning
     * the model showed with how long it took (from its first reasoning text to the first thing after it).
     */
    record Answer(
            String text,
            List<ToolCall> calls,
            FinishReason finishReason,
            Usage usage,
            Optional<EngineException> failure,
            List<ErrorEvent> notices,
            String reasoning,
            long reasoningMs) {}

    /** The reasoning text of one call and the clock of its runs. */
    private static final class Reasoning {
        private final StringBuilder text = new StringBuilder();
        private long runStarted = -1;
        private long nanos;

        void add(String more) {
            if (runStarted < 0) {
                runStarted = System.nanoTime();
            }
            text.append(more);
        }

        /** Something other than reasoning came: the current run, if any, ends. */
        void end() {
            if (runStarted >= 0) {
                nanos += System.nanoTime() - runStarted;
                runStarted = -1;
            }
        }

        long millis() {
            end();
            return nanos / 1_000_000;
        }
    }

    private ModelCall() {}

    static Answer run(ModelProvider provider, GenerationRequest request, Emitter out, Unoffered unoffered) {
        StringBuilder text = new StringBuilder();
        Reasoning reasoning = new Reasoning();
        List<ToolCall> calls = new ArrayList<>();
        FinishReason reason;
        Usage usage = Usage.ZERO;
        EngineException failure = null;
        List<ErrorEvent> notices = List.of();
        try {
            GenerationResult result = provider.generate(request, event -> {
                if (!request.cancel().isCancelled()) {
                    if (event instanceof ModelEvent.Thinking t) {
                        reasoning.add(t.text());
                    } else {
                        reasoning.end();
                    }
                    handle(event, request, unoffered, text, calls, out);
                }
            });
            usage = result.usage();
            reason = result.finishReason();
            notices = result.notices();
        } catch (EngineException e) {
            failure = e;
            reason = FinishReason.ERROR;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "model " + request.model() + " failed", e);
            failure = new EngineException(ErrorCode.PROVIDER_ERROR, "the model failed: " + e.getMessage(), e);
            reason = FinishReason.ERROR;
        }
        if (Thread.interrupted()) {
            // an interrupt of the calling thread counts as a cancel; cleared so the store can still write
            request.cancel().cancel();
        }
        if (request.cancel().isCancelled()) {
            reason = FinishReason.CANCELLED;
        }
        long reasoningMs = reasoning.millis();
        return new Answer(
                text.toString(),
                calls,
                reason,
                usage,
                Optional.ofNullable(failure),
                notices,
                reasoning.text.toString(),
                reasoningMs);
    }

    private static void handle(
            ModelEvent event,
            GenerationRequest request,
            Unoffered unoffered,
            StringBuilder text,
            List<ToolCall> calls,
            Emitter out) {
        switch (event) {
            case ModelEvent.Text t -> {
                text.append(t.text());
                out.emit(new ChatEvent.Token(t.text()));
            }
            case ModelEvent.Thinking t -> out.emit(new ChatEvent.Think(t.text()));
            case ModelEvent.Call c
            when c.arguments().toString().length() > request.maxToolChars() ->
                out.emit(new ErrorEvent(
                        "tool call is longer than parser.max_tool_chars (" + request.maxToolChars() + ")",
                        "invalid_tool_call"));
            case ModelEvent.Call c
            when unoffered == Unoffered.DROP && !offers(request.tools(), c.name()) ->
                out.emit(new ErrorEvent(
                        "the model called " + c.name() + ", a tool this request did not offer", "unknown_tool_call"));
            case ModelEvent.Call c -> {
                ToolCall call = new ToolCall(newCallId(), c.name(), c.arguments());
                calls.add(call);
                out.emit(ChatEvent.ToolCallEvent.of(call));
            }
            case ModelEvent.InvalidCall i -> out.emit(new ErrorEvent(i.message(), "invalid_tool_call"));
        }
    }

    static boolean offers(List<ToolSpec> tools, String name) {
        return tools.stream().anyMatch(t -> t.name().equals(name));
    }

    /**
     * The failure of a finished answer that does not have the shape {@code response_format} asked for; empty when
     * none was asked, when it matches, or when the model called tools instead of answering.
     */
    static Optional<EngineException> schemaViolation(ChatOptions options, Answer answer) {
        if (options.responseFormat() == null
                || answer.finishReason() != FinishReason.STOP
                || !answer.calls().isEmpty()) {
            return Optional.empty();
        }
        return options.responseFormat()
                .violation(answer.text())
                .map(why -> new EngineException(ErrorCode.SCHEMA_VIOLATION, why));
    }

    /** The error event sent when {@code tool_choice} demanded a call and the model made none. */
    static ErrorEvent missingCall() {
        return new ErrorEvent(
                "the model answered without calling a tool, but tool_choice required one", "tool_call_missing");
    }

    /** A fresh id for a tool call the model made: {@code call_} and 24 hex digits. */
    static String newCallId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "call_" + HexFormat.of().formatHex(bytes);
    }
}
