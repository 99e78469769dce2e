package dev.tether.engine.loop;

import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.AdmissionQueue;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelProvider;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stateless model call for a client that owns its history and its tools (the OpenAI-compatible API): no
 * session is created and no tool is run — the calls the model makes are handed back. It takes a place among the
 * orchestrator's turns like any turn, so it is bounded by the same limits. Obtained from
 * {@link Orchestrator#complete}; close it.
 */
public final class Completion implements AutoCloseable {

    /** What the client sent: its history (in order), its tools and the options ({@code toolChoice} included). */
    public record Request(String model, List<Message> messages, List<ToolSpec> tools, ChatOptions options) {
        public Request {
            Objects.requireNonNull(model, "model");
            messages = List.copyOf(messages);
            tools = tools == null ? List.of() : List.copyOf(tools);
            options = options == null ? ChatOptions.DEFAULT : options;
        }
    }

    /**
     * The call's outcome: the visible text, the tool calls (offered tools only), why it ended, and the provider's
     * failure when {@code finishReason} is {@code ERROR}.
     */
    public record Result(
            String text,
            List<ToolCall> calls,
            FinishReason finishReason,
            Usage usage,
            Optional<EngineException> failure) {}

    private final ModelProvider provider;
    private final Request request;
    private final List<ToolSpec> offered;
    private final Orchestrator.Settings settings;
    private final AdmissionQueue.Place place;
    private final Cancellation cancel = new Cancellation();

    Completion(
            ModelProvider provider,
            Request request,
            List<ToolSpec> offered,
            Orchestrator.Settings settings,
            AdmissionQueue.Place place) {
        this.provider = provider;
        this.request = request;
        this.offered = offered;
        this.settings = settings;
        this.place = place;
    }

    /**
     * Calls the model, sending {@code Token}, {@code Think}, {@code ToolCallEvent} and {@code ErrorEvent} (a call
     * that cannot be used, or no call where {@code tool_choice} required one) to {@code sink} as they happen; a
     * sink that throws cancels the call. Blocks until the model stops.
     */
    public Result run(EventSink sink) {
        Emitter out = new Emitter(sink, cancel);
        try (AdmissionQueue.Slot slot = place.start(cancel)) {
            return slot.held()
                    ? call(out)
                    : new Result("", List.of(), FinishReason.CANCELLED, Usage.ZERO, Optional.empty());
        }
    }

    private Result call(Emitter out) {
        GenerationRequest generation = new GenerationRequest(
                request.model(), history(), offered, request.options(), cancel, null, settings.maxToolChars(), true);
        ModelCall.Answer answer = ModelCall.run(provider, generation, out, ModelCall.Unoffered.DROP);
        if (answer.finishReason() == FinishReason.STOP
                && answer.calls().isEmpty()
                && request.options().toolChoice().requiresCall()) {
            out.emit(ModelCall.missingCall());
        }
        Optional<EngineException> violation = ModelCall.schemaViolation(request.options(), answer);
        if (violation.isPresent()) {
            return new Result(answer.text(), answer.calls(), FinishReason.ERROR, answer.usage(), violation);
        }
        return new Result(answer.text(), answer.calls(), answer.finishReason(), answer.usage(), answer.failure());
    }

    /** The client's history, led by a system message (the configured one if the client sent none). */
    private List<Message> history() {
        List<Message> messages = new ArrayList<>(request.messages());
        if (messages.getFirst().role() != Role.SYSTEM) {
            messages.addFirst(Message.system(settings.systemPrompt()));
        }
        return messages;
    }

    /** Cancel this to stop the call from outside (the client went away). */
    public Cancellation cancellation() {
        return cancel;
    }

    @Override
    public void close() {
        place.close();
    }
}
