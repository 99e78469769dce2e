package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionSlotsTest {

    @Test
    void aSessionReturnsToItsSlotWhileOthersTakeTheLeastRecentlyUsed() {
        SessionSlots slots = new SessionSlots(2);
        int a = slots.acquire("a");
        slots.release(a);
        int b = slots.acquire("b");
        slots.release(b);

        assertThat(b).isNotEqualTo(a);
        int again = slots.acquire("a");
        assertThat(again).isEqualTo(a);
        int stateless = slots.acquire(null);
        assertThat(stateless).isEqualTo(b);
    }

    @Test
    void aSessionWhoseSlotIsBusyMovesToAFreeOneAndOwnsIt() {
        SessionSlots slots = new SessionSlots(2);
        int first = slots.acquire("a");
        int second = slots.acquire("a"); // the same session twice at once
        assertThat(second).isNotEqualTo(first);
        slots.release(first);
        slots.release(second);

        assertThat(slots.acquire("a")).isEqualTo(second);
    }

    @Test
    void aStatelessCallThatTakesASessionsSlotLeavesTheSessionWithoutOne() {
        SessionSlots slots = new SessionSlots(1);
        slots.release(slots.acquire("a"));
        slots.release(slots.acquire(null)); // a summary or an embedding call overwrites the slot's cache

        SessionSlots.Claim again = slots.claim("a");
        assertThat(again.holdsHistory())
                .as("the session's history is no longer in the slot, so its saved cache is restored")
                .isFalse();
    }

    @Test
    void aStatelessCallTakesASlotNoSessionHoldsBeforeEvictingOne() {
        SessionSlots slots = new SessionSlots(2);
        int a = slots.acquire("a");
        slots.release(a);
        int free = slots.acquire(null);
        slots.release(free); // now used more recently than "a"'s slot, and still nobody's

        assertThat(slots.acquire(null)).as("the slot no session holds").isEqualTo(free);
        slots.release(free);
        assertThat(slots.claim("a").holdsHistory()).isTrue();
    }

    @Test
    void moreHoldersThanSlotsIsABug() {
        SessionSlots slots = new SessionSlots(1);
        slots.acquire("a");

        assertThatThrownBy(() -> slots.acquire("b")).isInstanceOf(IllegalStateException.class);
    }
}
