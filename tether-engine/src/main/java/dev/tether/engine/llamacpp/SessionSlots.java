package dev.tether.engine.llamacpp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which llama-server slot each generation runs in. A session goes back to the slot that holds its history in the
 * KV cache when that slot is free; otherwise, and for stateless calls, it takes the free slot used longest ago
 * (and that slot becomes the session's). Callers hold at most {@code slots} at once (the {@link SlotGate} admits
 * that many), so a free slot always exists.
 */
final class SessionSlots {

    private final String[] owners;
    private final boolean[] busy;
    private final long[] lastUsed;
    private final Map<String, Integer> bySession = new HashMap<>();
    private long clock;

    SessionSlots(int slots) {
        this.owners = new String[slots];
        this.busy = new boolean[slots];
        this.lastUsed = new long[slots];
    }

    /** A taken slot, and whether it already held the session's history (else a saved cache may be restored). */
    record Claim(int slot, boolean holdsHistory) {}

    /** Takes a slot for {@code session} (null when stateless); pair with {@link #release}. */
    synchronized int acquire(String session) {
        return claim(session).slot();
    }

    /** {@link #acquire}, also saying whether the slot held the session already. */
    synchronized Claim claim(String session) {
        Integer own = session == null ? null : bySession.get(session);
        int slot = own != null && !busy[own] ? own : leastRecentlyUsedFree(session == null);
        if (session == null || own == null || own != slot) {
            // whoever owned the slot loses it: its history there is about to be overwritten
            if (owners[slot] != null) {
                bySession.remove(owners[slot]);
            }
            owners[slot] = session;
            if (session != null) {
                bySession.put(session, slot);
            }
        }
        busy[slot] = true;
        lastUsed[slot] = ++clock;
        return new Claim(slot, own != null && own == slot);
    }

    synchronized void release(int slot) {
        busy[slot] = false;
    }

    /** Forgets every assignment (the server restarted with empty caches). */
    synchronized void clear() {
        bySession.clear();
        Arrays.fill(owners, null);
    }

    /** The free slot used longest ago; for a stateless call, one that holds no session's history if there is one. */
    private int leastRecentlyUsedFree(boolean stateless) {
        int best = -1;
        for (int i = 0; i < busy.length; i++) {
            if (!busy[i] && (best < 0 || better(i, best, stateless))) {
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("more generations than slots; the slot gate admits at most " + busy.length);
        }
        return best;
    }

    private boolean better(int slot, int than, boolean stateless) {
        if (stateless && (owners[slot] == null) != (owners[than] == null)) {
            return owners[slot] == null;
        }
        return lastUsed[slot] < lastUsed[than];
    }
}
