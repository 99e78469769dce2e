package dev.tether.mcp;

import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The live Streamable HTTP sessions. A session that has had no request in flight and no open stream for the idle
 * timeout is closed and forgotten; its client gets 404 next time and starts a new one, as the protocol says. At most
 * {@code max} live at once: a new one replaces the longest idle one, and none is made while all are busy.
 */
final class StreamableSessions {

    private static final Logger LOG = Logger.getLogger(StreamableSessions.class.getName());

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final long idleNanos;
    private final int max;
    private final ScheduledExecutorService sweeper;

    StreamableSessions(Duration idleTimeout, int max) {
        this.idleNanos = idleTimeout.toNanos();
        this.max = max;
        long period = Math.clamp(idleTimeout.toMillis() / 4, 10, 30_000);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mcp-session-sweeper").factory());
        sweeper.scheduleWithFixedDelay(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** A session and how busy it is. */
    static final class Entry {
        private final McpStreamableServerSession session;
        private final AtomicInteger busy = new AtomicInteger();
        private volatile long lastUsed = System.nanoTime();

        Entry(McpStreamableServerSession session) {
            this.session = session;
        }

        McpStreamableServerSession session() {
            return session;
        }

        void enter() {
            busy.incrementAndGet();
            lastUsed = System.nanoTime();
        }

        void exit() {
            lastUsed = System.nanoTime();
            busy.decrementAndGet();
        }

        boolean idle() {
            return busy.get() == 0;
        }

        boolean idleLongerThan(long nanos) {
            return busy.get() == 0 && System.nanoTime() - lastUsed > nanos;
        }
    }

    /** True when a new session may be added: below the cap, or after closing the longest idle one. */
    synchronized boolean makeRoom() {
        if (sessions.size() < max) {
            return true;
        }
        Optional<Map.Entry<String, Entry>> idlest = sessions.entrySet().stream()
                .filter(e -> e.getValue().idle())
                .min(java.util.Comparator.comparingLong(e -> e.getValue().lastUsed));
        idlest.ifPresent(e -> {
            LOG.fine(() -> "MCP session " + e.getKey() + " closed to make room for a new one");
            sessions.remove(e.getKey());
            e.getValue().session().close();
        });
        return idlest.isPresent();
    }

    int max() {
        return max;
    }

    void add(McpStreamableServerSession session) {
        sessions.put(session.getId(), new Entry(session));
    }

    Optional<Entry> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    void remove(String id) {
        sessions.remove(id);
    }

    Collection<McpStreamableServerSession> all() {
        return List.copyOf(sessions.values().stream().map(Entry::session).toList());
    }

    int size() {
        return sessions.size();
    }

    void closeAll() {
        sweeper.shutdownNow();
        sessions.values().forEach(e -> e.session().close());
        sessions.clear();
    }

    private void expireIdle() {
        sessions.values().removeIf(entry -> {
            if (!entry.idleLongerThan(idleNanos)) {
                return false;
            }
            LOG.fine(() -> "MCP session " + entry.session().getId() + " expired after being idle");
            entry.session().close();
            return true;
        });
    }
}
