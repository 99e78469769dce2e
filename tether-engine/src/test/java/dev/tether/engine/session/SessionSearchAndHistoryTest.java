package dev.tether.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.TurnError;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stable message ids and full-text search, on a real SQLite file. */
class SessionSearchAndHistoryTest {

    @TempDir
    Path dir;

    private String url;
    private SqliteSessionStore store;

    @BeforeEach
    void open() {
        url = "jdbc:sqlite:" + dir.resolve("tether.db");
        store = SqliteSessionStore.open(url);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void messageIdsAreStableAndGrowInOrder() {
        UUID id = store.create("t", null).id();
        store.append(id, Message.user("one"));
        store.append(id, Message.assistant("two", List.of(), null));
        List<StoredMessage> first = store.history(id);
        store.append(id, Message.user("three"));
        List<StoredMessage> second = store.history(id);

        assertThat(second).hasSize(3);
        assertThat(second.subList(0, 2)).isEqualTo(first);
        assertThat(second.get(0).id()).isLessThan(second.get(1).id());
        assertThat(second.get(1).id()).isLessThan(second.get(2).id());
        assertThat(store.messages(id))
                .containsExactlyElementsOf(
                        second.stream().map(StoredMessage::message).toList());
    }

    @Test
    void searchFindsTitlesAndUserAndAssistantTextByWordPrefixesNewestFirst() {
        UUID trip = store.create("Trip to Lisbon", null).id();
        UUID code = store.create("Code review", null).id();
        store.append(code, Message.user("Why does the Calendar parser fail?"));
        store.append(code, Message.assistant("Because the ICS line is folded.", List.of(), null));
        UUID tools = store.create("Tools", null).id();
        store.append(tools, Message.tool("call_1", "weather", "{\"city\":\"Lisbon\"}"));

        assertThat(store.search("lisbon", 10, 0)).extracting(Session::id).containsExactly(trip);
        assertThat(store.search("calend", 10, 0)).extracting(Session::id).containsExactly(code);
        assertThat(store.search("ics folded", 10, 0)).extracting(Session::id).containsExactly(code);
        assertThat(store.search("ics lisbon", 10, 0)).isEmpty();
        assertThat(store.search("REVIEW", 10, 0)).extracting(Session::id).containsExactly(code);

        store.append(trip, Message.user("and the parser?"));
        assertThat(store.search("parser", 10, 0)).extracting(Session::id).containsExactly(trip, code);
        assertThat(store.search("parser", 1, 1)).extracting(Session::id).containsExactly(code);
    }

    @Test
    void searchShowsWhereEachSessionMatchedWithTheWordsMarked() {
        UUID trip = store.create("Trip to Lisbon", null).id();
        store.append(trip, Message.user("Book a hotel near the river."));
        UUID code = store.create("Code review", null).id();
        long question = store.append(code, Message.user("Why does the Calendar parser fail on <b>folded</b> lines?"));
        long answer = store.append(
                code,
                Message.assistant(
                        "Because the ICS line is folded: a long line is cut and continued on the next one, so "
                                + "the parser must join it before it reads the property, as RFC 5545 says.",
                        List.of(),
                        null));

        SearchHit title = store.searchHits("lisb", 10, 0).getFirst();
        assertThat(title.session().id()).isEqualTo(trip);
        assertThat(title.title())
                .containsExactly(new SearchHit.Marked("Trip to ", false), new SearchHit.Marked("Lisbon", true));
        assertThat(title.snippet()).as("no message matched").isEmpty();
        assertThat(title.snippetMessageId()).isEqualTo(SessionStore.ROOT);

        SearchHit folded = store.searchHits("folded parser", 10, 0).getFirst();
        assertThat(folded.session().id()).isEqualTo(code);
        assertThat(folded.title()).isEmpty();
        assertThat(folded.snippet())
                .filteredOn(SearchHit.Marked::match)
                .extracting(SearchHit.Marked::text)
                .containsOnly("folded", "parser");
        String snippet = folded.snippet().stream().map(SearchHit.Marked::text).reduce("", String::concat);
        assertThat(snippet).as("the message's text, unescaped").contains("<b>folded</b>");
        assertThat(folded.snippetMessageId()).as("the message that matched").isEqualTo(question);

        SearchHit longMessage = store.searchHits("rfc", 10, 0).getFirst();
        String cut = longMessage.snippet().stream().map(SearchHit.Marked::text).reduce("", String::concat);
        assertThat(cut)
                .as("a long message is cut around the match")
                .startsWith("…")
                .endsWith("5545 says.");
        assertThat(longMessage.snippet()).contains(new SearchHit.Marked("RFC", true));
        assertThat(longMessage.snippetMessageId()).isEqualTo(answer);
    }

    /** A match on a branch the chat does not show names its message, so a client can show that branch. */
    @Test
    void aMatchOnAHiddenBranchNamesItsMessage() {
        UUID id = store.create("Versions", null).id();
        long question = store.append(id, Message.user("tell me about otters"));
        long first = store.append(id, Message.assistant("Sea otters hold hands while they sleep.", List.of(), null));
        store.appendAfter(id, question, Message.assistant("Otters are weasels.", List.of(), null));

        SearchHit hit = store.searchHits("sleep", 10, 0).getFirst();

        assertThat(hit.snippetMessageId()).isEqualTo(first);
        assertThat(store.history(id)).extracting(StoredMessage::id).doesNotContain(first);
        assertThat(store.activate(id, hit.snippetMessageId())).isTrue();
        assertThat(store.history(id)).extracting(StoredMessage::id).containsExactly(question, first);
    }

    @Test
    void marksAreReadIntoPieces() {
        assertThat(SearchHit.parse(null)).isEmpty();
        assertThat(SearchHit.parse("no match")).isEmpty();
        assertThat(SearchHit.parse("\uE000a\uE001 b \uE000c\uE001"))
                .containsExactly(
                        new SearchHit.Marked("a", true),
                        new SearchHit.Marked(" b ", false),
                        new SearchHit.Marked("c", true));
    }

    @Test
    void searchFollowsRenamesAndDeletesAndTreatsOperatorsAsText() throws Exception {
        UUID id = store.create("Old name", null).id();
        store.append(id, Message.user("caf\u00e9 au lait"));
        store.update(id, new SessionUpdate("Fresh name", null));

        assertThat(store.search("old", 10, 0)).isEmpty();
        assertThat(store.search("fresh", 10, 0)).extracting(Session::id).containsExactly(id);
        assertThat(store.search("cafe", 10, 0)).extracting(Session::id).containsExactly(id);
        for (String odd : List.of("\"", "AND", "a OR", "title:x", "*", "(", "NEAR(a b)", "   ", "-x")) {
            assertThatNoException().as(odd).isThrownBy(() -> store.search(odd, 10, 0));
        }
        assertThat(store.search("\"  *", 10, 0)).isEmpty();

        store.delete(id);
        assertThat(store.search("fresh", 10, 0)).isEmpty();
        assertThat(store.search("cafe", 10, 0)).isEmpty();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')");
            try (var rs = s.executeQuery("SELECT count(*) FROM sessions_fts")) {
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void aDatabaseFromBeforeSearchIsIndexedWhenOpened() throws Exception {
        UUID id = store.create("Before search", null).id();
        store.append(id, Message.user("remember the margarine"));
        store.close();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            for (String trigger : List.of(
                    "messages_fts_insert",
                    "messages_fts_delete",
                    "messages_fts_update",
                    "sessions_fts_insert",
                    "sessions_fts_delete",
                    "sessions_fts_title")) {
                s.execute("DROP TRIGGER " + trigger);
            }
            for (String table : List.of("messages_fts", "sessions_fts", "responses")) {
                s.execute("DROP TABLE " + table);
            }
            s.execute("ALTER TABLE messages DROP COLUMN reasoning");
            s.execute("ALTER TABLE messages DROP COLUMN reasoning_ms");
            // the message tree's step
            s.execute("DROP INDEX messages_by_parent");
            s.execute("ALTER TABLE messages DROP COLUMN parent_id");
            s.execute("ALTER TABLE sessions DROP COLUMN active_leaf");
            for (String column : List.of("model", "error_code", "error_message")) {
                s.execute("ALTER TABLE messages DROP COLUMN " + column);
            }
            s.execute("ALTER TABLE sessions DROP COLUMN model");
            // compaction's step
            s.execute("DROP TABLE summaries");
            s.execute("ALTER TABLE sessions DROP COLUMN context_strategy");
            s.execute("PRAGMA user_version = 1");
        }

        store = SqliteSessionStore.open(url);

        assertThat(store.search("margarine", 10, 0)).extracting(Session::id).containsExactly(id);
        assertThat(store.search("before", 10, 0)).extracting(Session::id).containsExactly(id);
        assertThat(store.history(id)).extracting(m -> m.message().role()).containsExactly(Role.USER);
        // step 4 added the reasoning of assistant messages: old rows have none, new ones keep theirs
        assertThat(store.messages(id).getFirst().reasoning()).isEmpty();
        store.append(id, Message.assistant("Margarine.", List.of(), null).withReasoning("thinking it over", 2300));
        Message answer = store.messages(id).getLast();
        assertThat(answer.reasoning()).isEqualTo("thinking it over");
        assertThat(answer.reasoningMs()).isEqualTo(2300);
        assertThat(answer.content()).isEqualTo("Margarine.");
        // step 5 added the model of a chat and of each answer, and a failed answer's error
        assertThat(store.find(id).orElseThrow().model()).isNull();
        assertThat(answer.model()).isNull();
        store.append(
                id,
                Message.assistant("", List.of(), FinishReason.ERROR)
                        .withModel("qwen3")
                        .withError(new TurnError("engine_crashed", "the engine stopped")));
        Message failed = store.messages(id).getLast();
        assertThat(failed.model()).isEqualTo("qwen3");
        assertThat(failed.error()).isEqualTo(new TurnError("engine_crashed", "the engine stopped"));
        assertThat(store.find(id).orElseThrow().model()).isEqualTo("qwen3");
        assertThat(store.update(id, new SessionUpdate(null, null, "gemma", null, false))
                        .orElseThrow()
                        .model())
                .isEqualTo("gemma");
    }
}
