package dev.tether.engine.approval;

import dev.tether.engine.chat.Cancellation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tool calls waiting for the user's answer, by session and call id. The turn waits on {@link #await}; the approval
 * endpoint answers through {@link #decide}.
 */
public final class PendingApprovals {

    /**
     * How a wait ended. {@code APPROVED_IN_CHAT}: allowed, and an external tool's own question is not asked again in
     * this conversation.
     */
    public enum Decision {
        APPROVED,
        APPROVED_IN_CHAT,
        DENIED,
        TIMED_OUT,
        CANCELLED
    }

    private record Key(UUID session, String callId) {}

    private final Map<Key, CompletableFuture<Decision>> waiting = new ConcurrentHashMap<>();

    /**
     * Registers the call, then blocks until the user answers, {@code timeout} passes or {@code cancel} fires.
     * {@code announce} runs once the call can be answered (it tells the client to ask).
     */
    public Decision await(UUID session, String callId, Duration timeout, Cancellation cancel, Runnable announce) {
        Key key = new Key(session, callId);
        CompletableFuture<Decision> answer = new CompletableFuture<>();
        waiting.put(key, answer);
        Runnable onCancel = () -> answer.cancel(false);
        cancel.onCancel(onCancel);
        try {
            announce.run();
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Decision.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Decision.CANCELLED;
        } catch (java.util.concurrent.CancellationException | ExecutionException e) {
            return Decision.CANCELLED;
        } finally {
            cancel.removeListener(onCancel);
            waiting.remove(key, answer);
        }
    }

    /** Answers a waiting call; false when none with that id waits in that session. */
    public boolean decide(UUID session, String callId, boolean approve) {
        return decide(session, callId, approve, false);
    }

    /** {@code inChat}: an approval also holds for the tool's later calls in this conversation (where it can). */
    public boolean decide(UUID session, String callId, boolean approve, boolean inChat) {
        Decision decision = !approve ? Decision.DENIED : inChat ? Decision.APPROVED_IN_CHAT : Decision.APPROVED;
        return Optional.ofNullable(waiting.get(new Key(session, callId)))
                .map(answer -> answer.complete(decision))
                .orElse(false);
    }

    /** How many calls wait now (for tests and metrics). */
    public int size() {
        return waiting.size();
    }
}
