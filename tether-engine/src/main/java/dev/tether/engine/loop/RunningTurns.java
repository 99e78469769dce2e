package dev.tether.engine.loop;

import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The turns begun and not yet closed, so that a shutdown can end them with its own reason and wait for them. */
final class RunningTurns {

    private final Map<UUID, Turn> turns = new HashMap<>(); // by session: a session has one turn at a time
    private boolean stopping;

    /** Adds a turn unless a shutdown has begun (false): a turn added later would escape {@link #stopAll}. */
    synchronized boolean add(UUID session, Turn turn) {
        if (stopping) {
            return false;
        }
        turns.put(session, turn);
        return true;
    }

    synchronized void remove(UUID session) {
        turns.remove(session);
        notifyAll();
    }

    synchronized void refuseWhenStopping() {
        if (stopping) {
            throw new EngineException(ErrorCode.SERVER_STOPPING, "Tether is shutting down; start it again to chat");
        }
    }

    boolean stopAll(Duration grace) {
        List<Turn> now;
        synchronized (this) {
            stopping = true;
            now = List.copyOf(turns.values());
        }
        now.forEach(Turn::stopForShutdown);
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (this) {
            while (!turns.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
