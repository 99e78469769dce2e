package dev.tether.engine.loop;

import dev.tether.engine.approval.ToolApproval;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Role;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.AdmissionQueue;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool loop's front door: {@link #begin} checks a request and reserves its session and a place; the returned
 * {@link Turn} runs prompt → model → parser → tools → results into history → model again, up to
 * {@code limits.max_tool_loops} model calls, storing everything before {@code done}. {@link #complete} does the
 * same for one stateless {@link Completion}, which takes a place among the turns.
 */
public final class Orchestrator {

    /** What a turn needs from configuration. */
    public record Settings(
            String systemPrompt,
            int maxToolLoops,
            int maxToolChars,
            int maxPromptChars,
            int maxConcurrentTurns,
            int maxQueuedTurns,
            TetherConfig.ContextSettings context) {

        /** With the built-in context settings ({@link TetherConfig.ContextSettings#DEFAULT}). */
        public Settings(
                String systemPrompt,
                int maxToolLoops,
                int maxToolChars,
                int maxPromptChars,
                int maxConcurrentTurns,
                int maxQueuedTurns) {
            this(
                    systemPrompt,
                    maxToolLoops,
                    maxToolChars,
                    maxPromptChars,
                    maxConcurrentTurns,
                    maxQueuedTurns,
                    TetherConfig.ContextSettings.DEFAULT);
        }
    }

    private final SessionStore store;
    private final ModelRouter models;
    private final ToolRegistry tools;
    private final Settings settings;
    private final AdmissionQueue admission;
    private final ToolApproval approval;
    private final Set<UUID> active = ConcurrentHashMap.newKeySet(); // sessions with a turn
    private final RunningTurns running = new RunningTurns();
    private final Turn.Collaborators turnCollaborators;

    /** With the default approval policy ({@code ask}). */
    public Orchestrator(SessionStore store, ModelRouter models, ToolRegistry tools, Settings settings) {
        this(store, models, tools, settings, ToolApproval.defaults());
    }

    public Orchestrator(
            SessionStore store, ModelRouter models, ToolRegistry tools, Settings settings, ToolApproval approval) {
        this.store = store;
        this.approval = approval;
        this.models = models;
        this.tools = tools;
        this.settings = settings;
        this.admission = new AdmissionQueue(
                settings.maxConcurrentTurns(), settings.maxQueuedTurns(), "too many chats at once; try again shortly");
        this.turnCollaborators = new Turn.Collaborators(store, tools, settings, approval);
    }

    /**
     * Checks all that can fail before a stream starts and takes the session. Throws
     * {@link EngineException}: NOT_FOUND {@code session_not_found} / {@code model_not_found},
     * BAD_REQUEST {@code empty_prompt} / {@code prompt_too_long} / {@code unknown_tool}, CONFLICT
     * {@code session_busy}, UNAVAILABLE {@code overloaded}; for a regenerate or an edit also NOT_FOUND
     * {@code message_not_found}, BAD_REQUEST {@code not_a_user_message} / {@code nothing_to_regenerate}.
     */
    public Turn begin(TurnRequest asked) {
        Session session = store.find(asked.sessionId())
                .orElseThrow(() ->
                        new EngineException(ErrorCode.SESSION_NOT_FOUND, "unknown session: " + asked.sessionId()));
        TurnRequest request = Rewind.resolve(store, asked);
        if (request.prompt().isBlank()) {
            throw new EngineException(ErrorCode.EMPTY_PROMPT, "prompt must not be empty");
        }
        if (request.prompt().length() > settings.maxPromptChars()) {
            throw new EngineException(
                    ErrorCode.PROMPT_TOO_LONG,
                    "prompt is longer than limits.max_prompt_chars (" + settings.maxPromptChars() + ")");
        }
        String model = request.modelName() == null || request.modelName().isBlank()
                ? sessionModel(session)
                : request.modelName();
        ModelProvider provider = models.providerFor(model);
        List<ToolSpec> offered = offeredTools(request.options());
        running.refuseWhenStopping();

        if (!active.add(session.id())) {
            throw new EngineException(ErrorCode.SESSION_BUSY, "a chat is already streaming into this session");
        }
        AdmissionQueue.Place place;
        try {
            place = admission.enter();
        } catch (EngineException e) {
            active.remove(session.id());
            throw e;
        }
        Turn turn = new Turn(turnCollaborators, session, model, provider, offered, request, place, () -> {
            active.remove(session.id());
            running.remove(session.id());
        });
        if (!running.add(session.id(), turn)) {
            // the shutdown began after the check above: it cannot have seen this turn, so it is refused here
            place.close();
            active.remove(session.id());
            running.refuseWhenStopping();
        }
        return turn;
    }

    /** A turn that names no model continues on its session's model while that is served, else the default. */
    private String sessionModel(Session session) {
        String own = session.model();
        if (own != null && models.chats(own)) {
            return own;
        }
        return models.defaultModel();
    }

    /**
     * The server is shutting down: every running turn ends with {@code server_stopping} (its answer stored with that
     * error), new turns are refused with it; waits up to {@code grace} for the running ones to finish their
     * streams. Returns whether they all did.
     */
    public boolean stopTurns(java.time.Duration grace) {
        return running.stopAll(grace);
    }

    /**
     * Checks a stateless call and reserves a place for it. Throws {@link EngineException}: NOT_FOUND
     * {@code model_not_found}, BAD_REQUEST {@code empty_prompt} / {@code prompt_too_long} / {@code unknown_tool},
     * UNAVAILABLE {@code overloaded}.
     */
    public Completion complete(Completion.Request request) {
        ModelProvider provider = models.providerFor(request.model());
        if (request.messages().stream().noneMatch(m -> m.role() != Role.SYSTEM)) {
            throw new EngineException(ErrorCode.EMPTY_PROMPT, "messages must hold at least one non-system message");
        }
        int max = settings.maxPromptChars();
        if (request.messages().stream().anyMatch(m -> m.content().length() > max)) {
            throw new EngineException(
                    ErrorCode.PROMPT_TOO_LONG, "a message is longer than limits.max_prompt_chars (" + max + ")");
        }
        List<ToolSpec> offered = request.options().toolChoice().offeredStrictly(request.tools());
        return new Completion(provider, request, offered, settings, admission.enter());
    }

    /** The tools this turn may call: the enabled ones, narrowed by {@code options.tools} and {@code tool_choice}. */
    private List<ToolSpec> offeredTools(ChatOptions options) {
        List<ToolSpec> enabled = tools.specs();
        List<String> wanted =
                options.toolFilter().orElse(enabled.stream().map(ToolSpec::name).toList());
        for (String name : wanted) {
            if (tools.spec(name).isEmpty()) {
                throw new EngineException(ErrorCode.UNKNOWN_TOOL, "unknown or disabled tool: " + name);
            }
        }
        return options.toolChoice()
                .offeredStrictly(
                        enabled.stream().filter(t -> wanted.contains(t.name())).toList());
    }

    /** How many turns hold a session now (for tests and metrics). */
    public int activeTurns() {
        return active.size();
    }

    /** The approval policy, and the calls waiting for the user's answer. */
    public ToolApproval approval() {
        return approval;
    }
}
