package dev.tether.engine.loop;

import dev.tether.engine.EngineException;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.parse.ParseEvent;
import dev.tether.engine.parse.ToolCallParser;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.tool.ToolSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One stateless model call for a client that owns its history and its tools (the OpenAI-compatible API): no
 * session is created and no tool is run — the calls the model makes are handed back. It takes a place among the
 * orchestrator's turns like any turn, so it is bounded by the same limits. Obtained from {@link #begin}; close it.
 */
public final class Completion implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Completion.class.getName());

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
            throw EngineException.badRequest("empty_prompt", "messages must hold at least one non-system message");
        }
        int max = orchestrator.settings().maxPromptChars();
        if (request.messages().stream().anyMatch(m -> m.content().length() > max)) {
            throw EngineException.badRequest("prompt_too_long",
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
                    .orElseThrow(() -> EngineException.badRequest("unknown_tool",
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
        if (!owner.admission().startRunning(cancel)) {
            return new Result("", List.of(), FinishReason.CANCELLED, Usage.ZERO, Optional.empty());
        }
        try {
            return call(out);
        } finally {
            owner.admission().stopRunning();
        }
    }

    private Result call(Emitter out) {
        ToolFormat format = provider.toolFormat(request.model());
        ToolCallParser parser = format.newParser(owner.settings().maxToolChars());
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        GenerationRequest generation = new GenerationRequest(request.model(), prompt(format), offered,
                request.options(), cancel, null);
        FinishReason reason;
        Usage usage = Usage.ZERO;
        EngineException failure = null;
        try {
            GenerationResult result = provider.generate(generation, chunk -> {
                if (!cancel.isCancelled()) {
                    handle(parser.feed(chunk), text, calls, out);
                }
            });
            usage = result.usage();
            reason = result.finishReason();
        } catch (EngineException e) {
            failure = e;
            reason = FinishReason.ERROR;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "model " + request.model() + " failed", e);
            failure = EngineException.internal("provider_error", "the model failed: " + e.getMessage(), e);
            reason = FinishReason.ERROR;
        }
        if (cancel.isCancelled()) {
            reason = FinishReason.CANCELLED;
        } else {
            handle(parser.finish(), text, calls, out);
        }
        if (reason == FinishReason.STOP && calls.isEmpty() && ToolPrompt.requiresTool(request.options())) {
            out.emit(new ErrorEvent("the model answered without calling a tool, but tool_choice required one",
                    "tool_call_missing"));
        }
        return new Result(text.toString(), calls, reason, usage, Optional.ofNullable(failure));
    }

    private void handle(List<ParseEvent> events, StringBuilder text, List<ToolCall> calls, Emitter out) {
        for (ParseEvent event : events) {
            switch (event) {
                case ParseEvent.Text t -> {
                    text.append(t.text());
                    out.emit(new ChatEvent.Token(t.text()));
                }
                case ParseEvent.Thinking t -> out.emit(new ChatEvent.Think(t.text()));
                case ParseEvent.Call c when offered.stream().noneMatch(t -> t.name().equals(c.name())) ->
                        out.emit(new ErrorEvent("the model called " + c.name() + ", a tool this request did not offer",
                                "unknown_tool_call"));
                case ParseEvent.Call c -> {
                    ToolCall call = new ToolCall(ToolPrompt.newCallId(), c.name(), c.arguments());
                    calls.add(call);
                    out.emit(ChatEvent.ToolCallEvent.of(call));
                }
                case ParseEvent.Invalid i -> out.emit(new ErrorEvent(i.message(), "invalid_tool_call"));
            }
        }
    }

    /** The client's history, led by a system message (the configured one if the client sent none) that teaches the tools. */
    private List<Message> prompt(ToolFormat format) {
        List<Message> messages = new ArrayList<>(request.messages());
        if (messages.getFirst().role() != Role.SYSTEM) {
            messages.addFirst(Message.system(owner.settings().systemPrompt()));
        }
        return ToolPrompt.withInstructions(messages, format, offered, request.options());
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
