package dev.tether.engine.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.approval.ToolApproval;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.ContextStrategy;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.chat.TurnError;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.AdmissionQueue;
import dev.tether.engine.model.ContextFull;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One user prompt, taken through the tool loop. It holds its session until {@link #close}; {@link #run} streams it.
 * Obtained from {@link Orchestrator#begin}.
 */
public final class Turn implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Turn.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a turn works with, handed over by the orchestrator. */
    record Collaborators(
            SessionStore store, ToolRegistry tools, Orchestrator.Settings settings, ToolApproval approval) {}

    private final Collaborators with;
    private final Session session;
    private final String model;
    private final ModelProvider provider;
    private final List<ToolSpec> offered;
    private final TurnRequest request;
    private final AdmissionQueue.Place place;
    private final Runnable onClose;
    private final Cancellation cancel = new Cancellation();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile TurnError stoppedBy; // set when the server, not the user, stopped this turn
    private Usage usage = Usage.ZERO;

    Turn(
            Collaborators with,
            Session session,
            String model,
            ModelProvider provider,
            List<ToolSpec> offered,
            TurnRequest request,
            AdmissionQueue.Place place,
            Runnable onClose) {
        this.with = with;
        this.session = session;
        this.model = model;
        this.provider = provider;
        this.offered = offered;
        this.request = request;
        this.place = place;
        this.onClose = onClose;
    }

    /** Runs the whole tool loop, sending each event to {@code sink}, {@code done} last; blocks until then. */
    public FinishReason run(EventSink sink) {
        Emitter out = new Emitter(sink, cancel);
        FinishReason reason;
        try (AdmissionQueue.Slot slot = place.start(cancel)) {
            reason = slot.held() ? loopReportingFailures(out) : FinishReason.CANCELLED;
        }
        TurnError stopped = stoppedBy;
        if (reason == FinishReason.CANCELLED && stopped != null) {
            out.emit(new ErrorEvent(stopped.message(), stopped.code()));
            reason = FinishReason.ERROR;
        }
        out.emit(new Done(reason, usage));
        return reason;
    }

    private FinishReason loopReportingFailures(Emitter out) {
        try {
            return loop(out);
        } catch (EngineException e) {
            out.emit(new ErrorEvent(e.getMessage(), e.code()));
            return FinishReason.ERROR;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "turn failed in session " + session.id(), e);
            out.emit(new ErrorEvent("internal error", "internal"));
            return FinishReason.ERROR;
        }
    }

    private FinishReason loop(Emitter out) {
        SessionStore store = with.store();
        TurnStart start = TurnStart.of(store, session.id(), request);
        PromptHistory history = PromptHistory.of(
                Message.system(systemPrompt()),
                start.stored(),
                strategy() == ContextStrategy.SUMMARIZE ? store.summaries(session.id()) : List.of());
        if (start.prompt() != null) {
            history.add(start.prompt());
        }
        // every write names its parent, so a branch switched to meanwhile cannot take this turn's messages
        CompletableFuture<Long> promptWrite = start.promptWrite();
        long tail = start.parent();
        // the prompt is written (a synced commit) while the model reads it; nothing is emitted or stored before
        // the write is done, so whatever a client has seen of this turn is stored
        if (promptWrite != null) {
            out.after(promptWrite);
        }
        ToolApproval.Gate gate =
                with.approval().gate(session.id(), history.all(), with.tools(), request.interactiveApproval());
        int maxCalls = with.settings().maxToolLoops();
        for (int call = 1; ; call++) {
            ModelCall.Answer answer = callModel(history, call, out);
            boolean lastCall = call >= maxCalls && !answer.calls().isEmpty();
            // the stored reason is the turn's: calls the model may not follow up on end it at the loop limit
            FinishReason stored = lastCall && answer.finishReason() == FinishReason.STOP
                    ? FinishReason.TOOL_LOOP_LIMIT
                    : answer.finishReason();
            if (stored == FinishReason.CANCELLED && stoppedBy != null) {
                stored = FinishReason.ERROR; // the server stopped it, not the user
            }
            Message assistant = Message.assistant(answer.text(), answer.calls(), stored)
                    .withReasoning(answer.reasoning(), answer.reasoningMs())
                    .withModel(model)
                    .withError(failure(answer));
            if (!out.promptStored()) {
                return FinishReason.ERROR; // nothing of a turn whose prompt is not stored is stored either
            }
            if (promptWrite != null) {
                tail = promptWrite.join();
                promptWrite = null;
            }
            tail = store.appendAfter(session.id(), tail, assistant);
            out.emit(new ChatEvent.MessageStored(Role.ASSISTANT, tail, model));
            history.add(assistant, tail);
            boolean runnable =
                    answer.finishReason() == FinishReason.STOP || answer.finishReason() == FinishReason.LENGTH;
            for (ToolCall toolCall : answer.calls()) {
                // every call gets a stored result, so the next turn's history stays well-formed
                Message result = runnable ? runTool(toolCall, gate, out) : notRun(toolCall, answer.finishReason());
                tail = store.appendAfter(session.id(), tail, result);
                history.add(result, tail);
            }
            if (answer.finishReason() != FinishReason.STOP) {
                return answer.finishReason();
            }
            if (answer.calls().isEmpty()) {
                if (request.options().toolChoice().forModelCall(call).requiresCall()) {
                    out.emit(ModelCall.missingCall());
                }
                var violation = ModelCall.schemaViolation(request.options(), answer);
                violation.ifPresent(e -> out.emit(new ErrorEvent(e.getMessage(), e.code())));
                return violation.isPresent() ? FinishReason.ERROR : FinishReason.STOP;
            }
            if (cancelledOrInterrupted()) {
                return FinishReason.CANCELLED;
            }
            if (call >= maxCalls) {
                return FinishReason.TOOL_LOOP_LIMIT;
            }
        }
    }

    private ModelCall.Answer callModel(PromptHistory history, int call, Emitter out) {
        ChatOptions options =
                request.options().withToolChoice(request.options().toolChoice().forModelCall(call));
        boolean summarize = strategy() == ContextStrategy.SUMMARIZE;
        GenerationRequest generation = new GenerationRequest(
                model,
                history.prompt(),
                offered,
                options,
                cancel,
                session.id().toString(),
                with.settings().maxToolChars(),
                !summarize);
        ModelCall.Answer answer = ModelCall.run(provider, generation, out, ModelCall.Unoffered.KEEP);
        if (answer.failure().orElse(null) instanceof ContextFull full && summarize) {
            // nothing was generated: a note takes the oldest turns' place (or, failing that, they are trimmed)
            Summarizer summarizer = new Summarizer(
                    provider,
                    model,
                    with.settings().context().summaryMaxTokens(),
                    with.settings().maxToolChars());
            new Compaction(with.store(), session.id(), summarizer).compact(history, full, options.seed(), out, cancel);
            answer = cancel.isCancelled()
                    ? new ModelCall.Answer(
                            "", List.of(), FinishReason.CANCELLED, answer.usage(), Optional.empty(), List.of(), "", 0)
                    : ModelCall.run(
                            provider,
                            generation.withMessages(history.prompt()).withTrimToFit(true),
                            out,
                            ModelCall.Unoffered.KEEP);
        }
        usage = usage.plus(answer.usage());
        answer.failure().ifPresent(e -> out.emit(new ErrorEvent(ErrorAdvice.message(e), e.code())));
        answer.notices().forEach(out::emit);
        return answer;
    }

    private Message runTool(ToolCall call, ToolApproval.Gate gate, Emitter out) {
        ToolOutcome outcome;
        if (cancel.isCancelled()) {
            outcome = ToolOutcome.failure("cancelled");
        } else if (!ModelCall.offers(offered, call.name())) {
            outcome = ToolOutcome.failure(
                    with.tools().spec(call.name()).isPresent()
                            ? "tool " + call.name() + " is not available in this turn"
                            : with.tools().whyNotOffered(call.name()));
        } else {
            outcome = gate.refusal(call, cancel, out::emit)
                    .map(ToolOutcome::failure)
                    .orElseGet(() -> with.tools()
                            .invoke(
                                    call.name(),
                                    call.arguments(),
                                    cancel,
                                    (done, total, message) -> out.emit(new ChatEvent.ToolProgressEvent(
                                            call.id(), call.name(), done, total, message))));
        }
        out.emit(new ChatEvent.ToolResultEvent(call.id(), call.name(), outcome.result(), outcome.error()));
        return Message.tool(call.id(), call.name(), content(outcome));
    }

    private static Message notRun(ToolCall call, FinishReason why) {
        String reason = why == FinishReason.CANCELLED ? "cancelled" : "not run: the model failed";
        return Message.tool(call.id(), call.name(), content(ToolOutcome.failure(reason)));
    }

    private static String content(ToolOutcome outcome) {
        if (outcome.isError()) {
            ObjectNode error = JSON.createObjectNode().put("error", outcome.error());
            return error.toString();
        }
        return outcome.result().isTextual()
                ? outcome.result().asText()
                : outcome.result().toString();
    }

    /** The session's own context strategy, else the configured one. */
    private ContextStrategy strategy() {
        ContextStrategy own = session.contextStrategy();
        return own != null ? own : with.settings().context().strategy();
    }

    private String systemPrompt() {
        String own = session.systemPrompt();
        return own != null && !own.isBlank() ? own : with.settings().systemPrompt();
    }

    /** An interrupt of the thread running the turn counts as a cancel; it is cleared so the store can still write. */
    private boolean cancelledOrInterrupted() {
        if (Thread.interrupted()) {
            cancel.cancel();
        }
        return cancel.isCancelled();
    }

    /** What the stored answer keeps of its failure: the model call's, or the server's stop. */
    private TurnError failure(ModelCall.Answer answer) {
        if (answer.failure().isPresent()) {
            EngineException e = answer.failure().get();
            return new TurnError(e.code(), ErrorAdvice.message(e));
        }
        return answer.finishReason() == FinishReason.CANCELLED ? stoppedBy : null;
    }

    /**
     * Ends the turn because the server is shutting down: it stops like a cancel, but its client is told
     * {@code error} (code {@code server_stopping}, not the user's Stop) and its answer is stored with that error.
     */
    void stopForShutdown() {
        stoppedBy = new TurnError(
                ErrorCode.SERVER_STOPPING.wire(),
                "Tether was shut down while answering; start it again and retry the message");
        cancel.cancel();
    }

    /** Cancel this to stop the turn from outside (a stop button, a disconnect noticed elsewhere). */
    public Cancellation cancellation() {
        return cancel;
    }

    /** The model this turn runs on. */
    public String model() {
        return model;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            place.close();
            onClose.run();
        }
    }
}
