package dev.tether.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tether.engine.chat.Message;
import dev.tether.engine.error.EngineException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages as a tree: sibling branches, the active path, switching between branches, on a real SQLite file. */
class MessageTreeTest {

    @TempDir
    Path dir;

    private SqliteSessionStore store;
    private UUID id;

    @BeforeEach
    void open() {
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        id = store.create("tree", null).id();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void appendContinuesTheActivePathAndNamesEachParent() {
        long q = store.append(id, Message.user("q"));
        long a = store.append(id, Message.assistant("a", List.of(), null));

        assertThat(store.history(id))
                .extracting(StoredMessage::id, StoredMessage::parentId)
                .containsExactly(tuple(q, SessionStore.ROOT), tuple(a, q));
        assertThat(store.branches(id)).isEmpty();
    }

    /**
     * A view is one moment: while answers are regenerated meanwhile (each a new sibling that becomes the active path),
     * the active path's last message is always among the siblings the same view lists.
     */
    @Test
    void aViewReadsPathBranchesAndSummariesInOneSnapshot() throws Exception {
        long q = store.append(id, Message.user("q"));
        long first = store.append(id, answer("a"));
        store.appendAfter(id, q, answer("a again"));
        SessionStore.ConversationView quiet = store.view(id);
        assertThat(quiet.history()).isEqualTo(store.history(id));
        assertThat(quiet.branches()).isEqualTo(store.branches(id)).containsKey(q);
        assertThat(quiet.summaries()).isEqualTo(store.summaries(id));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger regenerated = new AtomicInteger();
        Thread regenerating = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                store.appendAfter(id, q, answer("once more"));
                regenerated.incrementAndGet();
            }
        });
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            for (int i = 0; regenerated.get() < 200 && System.nanoTime() < deadline; i++) {
                SessionStore.ConversationView view = store.view(id);
                StoredMessage last = view.history().getLast();
                assertThat(view.branches().get(q)).as("view %d", i).contains(first, last.id());
            }
            assertThat(regenerated).hasValueGreaterThanOrEqualTo(200);
        } finally {
            stop.set(true);
            regenerating.join();
        }
    }

    /** A view's read transaction ends with it: every reader connection sees the next write. */
    @Test
    void readsAfterViewsSeeNewWrites() {
        store.append(id, Message.user("q"));
        for (int i = 0; i < 20; i++) {
            store.view(id);
        }
        long a = store.append(id, answer("a"));
        for (int i = 0; i < 20; i++) {
            assertThat(store.history(id).getLast().id()).as("read %d", i).isEqualTo(a);
            assertThat(store.view(id).history().getLast().id()).isEqualTo(a);
        }
    }

    @Test
    void aSiblingBranchBecomesTheActivePathAndTheOldOneStays() {
        long q1 = store.append(id, Message.user("q1"));
        long a1 = store.append(id, answer("a1"));
        long q2 = store.append(id, Message.user("q2"));
        store.append(id, answer("a2"));

        long a1b = store.appendAfter(id, q1, answer("a1 again"));

        assertThat(contents(store.messages(id))).containsExactly("q1", "a1 again");
        assertThat(store.find(id).orElseThrow().messageCount()).isEqualTo(2);
        assertThat(store.branches(id)).isEqualTo(Map.of(q1, List.of(a1, a1b)));
        assertThat(contents(messages(store.path(id, q2)))).containsExactly("q1", "a1", "q2");

        long edited = store.appendAfter(id, SessionStore.ROOT, Message.user("q1 edited"));
        assertThat(contents(store.messages(id))).containsExactly("q1 edited");
        assertThat(store.branches(id)).containsEntry(SessionStore.ROOT, List.of(q1, edited));
        store.append(id, answer("on the edit"));
        assertThat(contents(store.messages(id))).containsExactly("q1 edited", "on the edit");
    }

    @Test
    void activatingAMessageShowsTheNewestLeafUnderIt() {
        long q1 = store.append(id, Message.user("q1"));
        long a1 = store.append(id, answer("a1"));
        store.append(id, Message.user("q2"));
        store.append(id, answer("a2"));
        long a1b = store.appendAfter(id, q1, answer("a1b"));

        assertThat(store.activate(id, a1)).isTrue();
        assertThat(contents(store.messages(id))).containsExactly("q1", "a1", "q2", "a2");
        assertThat(store.find(id).orElseThrow().messageCount()).isEqualTo(4);

        assertThat(store.activate(id, a1b)).isTrue();
        assertThat(contents(store.messages(id))).containsExactly("q1", "a1b");

        // from the root's side: the newest leaf of the whole tree
        assertThat(store.activate(id, q1)).isTrue();
        assertThat(contents(store.messages(id))).containsExactly("q1", "a1b");
        // the active path survives reopening the store
        store.close();
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        assertThat(contents(store.messages(id))).containsExactly("q1", "a1b");
    }

    @Test
    void refusesMessagesOfAnotherSessionOrUnknownOnes() {
        UUID other = store.create("other", null).id();
        long theirs = store.append(other, Message.user("theirs"));
        store.append(id, Message.user("mine"));

        assertThat(store.activate(id, theirs)).isFalse();
        assertThat(store.activate(id, 999_999)).isFalse();
        assertThat(store.activate(UUID.randomUUID(), theirs)).isFalse();
        assertThat(store.path(id, theirs)).isEmpty();
        assertThatThrownBy(() -> store.appendAfter(id, theirs, answer("x")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("message_not_found"));
        assertThatThrownBy(() -> store.appendAfter(UUID.randomUUID(), SessionStore.ROOT, answer("x")))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("session_not_found"));
        assertThat(contents(store.messages(id))).containsExactly("mine");
        assertThat(contents(store.messages(other))).containsExactly("theirs");
    }

    @Test
    void searchFindsEveryBranchAndDeletingTheSessionRemovesThemAll() {
        long q = store.append(id, Message.user("question"));
        store.append(id, answer("zebra"));
        store.appendAfter(id, q, answer("giraffe"));

        assertThat(store.search("zebra", 10, 0)).extracting(Session::id).containsExactly(id);
        assertThat(store.search("giraffe", 10, 0)).extracting(Session::id).containsExactly(id);

        assertThat(store.delete(id)).isTrue();
        assertThat(store.search("zebra", 10, 0)).isEmpty();
        assertThat(store.path(id, q)).isEmpty();
        assertThat(store.branches(id)).isEmpty();
    }

    private static Message answer(String text) {
        return Message.assistant(text, List.of(), null);
    }

    private static List<Message> messages(List<StoredMessage> stored) {
        return stored.stream().map(StoredMessage::message).toList();
    }

    private static List<String> contents(List<Message> messages) {
        return messages.stream().map(Message::content).toList();
    }
}
