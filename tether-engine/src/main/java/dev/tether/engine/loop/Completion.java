package dev.tether.engine.loop;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.ModelRouter;
import dev.tether.tool.ToolSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One stateless model call for a client that owns its history and its tools (the OpenAI-compatible API): no
 * session is created and no tool is run — the calls the model makes are handed back. It takes a place among the
 * orchestrator's turns like any turn, so it is bounded by the same limits. Obtained from {@link #begin}; close it.
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
    public record Result(String text, List<ToolCall> calls, FinishReason finishReason, Usage usage,
                         Optional<EngineException> failure) {}

    private final Orchestrator owner;
    private final ModelProvider provider;
    private final Request request;
    private final List<ToolSpec> offered;
    private final Cancellation cancel = new Cancellation();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Completion(Orchestrator owner, ModelProvider provider, Request request, List<ToolSpec> offered) {
        this.owner = owner;
        this.provider = provider;
        this.request = request;
        this.offered = offered;
    }

    /**
     * Checks the request and reserves a place. Throws {@link EngineException}: NOT_FOUND {@code model_not_found},
     * BAD_REQUEST {@code empty_prompt} / {@code prompt_too_long} / {@code unknown_tool}, UNAVAILABLE
     * {@code overloaded}.
     */
    public static Completion begin(Orchestrator orchestrator, ModelRouter models, Request request) {
        ModelProvider provider = models.providerFor(request.model());
        if (request.messages().stream().noneMatch(m -> m.role() != Role.SYSTEM)) {
            throw new EngineException(ErrorCode.EMPTY_PROMPT, "messages must hold at least one non-system message");
        }
        int max = orchestrator.settings().maxPromptChars();
        if (request.messages().stream().anyMatch(m -> m.content().length() > max)) {
            throw new EngineException(ErrorCode.PROMPT_TOO_LONG,
                    "a message is longer than limits.max_prompt_chars (" + max + ")");
        }
        List<ToolSpec> offered = offered(request.tools(), request.options().toolChoice());
        orchestrator.admission().enter();
        return new Completion(orchestrator, provider, request, offered);
    }

    private static List<ToolSpec> offered(List<ToolSpec> tools, ToolChoice choice) {
        return switch (choice.mode()) {
            case NONE -> List.of();
            case NAMED -> List.of(tools.stream().filter(t -> t.name().equals(choice.toolName())).findFirst()
                    .orElseThrow(() -> new EngineException(ErrorCode.UNKNOWN_TOOL,
                            "tool_choice names a tool that is not offered: " + choice.toolName())));
            case AUTO, REQUIRED -> tools;
        };
    }

    /**
     * Calls the model, sending {@code Token}, {@code Think}, {@code ToolCallEvent} and {@code ErrorEvent} (a call
     * that cannot be used, or no call where {@code tool_choice} required one) to {@code sink} as they happen; a
     * sink that throws cancels the call. Blocks until the model stops.
     */
    public Result run(EventSink sink) {
        Emitter out = new Emitter(sink, cancel);
        if (!owner.admission().start(cancel)) {
            return new Result("", List.of(), FinishReason.CANCELLED, Usage.ZERO, Optional.empty());
        }
        try {
            return call(out);
        } finally {
            owner.admission().stop();
        }
    }

    private Result call(Emitter out) {
        GenerationRequest generation = new GenerationRequest(request.model(), history(), offered,
                request.options(), cancel, null, owner.settings().maxToolChars());
        ModelCall.Answer answer = ModelCall.run(provider, generation, out, ModelCall.Unoffered.DROP);
        if (answer.finishReason() == FinishReason.STOP && answer.calls().isEmpty()
                && ModelCall.requiresTool(request.options())) {
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
            messages.addFirst(Message.system(owner.settings().systemPrompt()));
        }
        return messages;
    }

    /** Cancel this to stop the call from outside (the client went away). */
    public Cancellation cancellation() {
        return cancel;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            owner.admission().leave();
        }
    }
}
