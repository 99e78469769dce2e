package dev.tether.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.session.SqliteSessionStore;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A regenerate becomes a new answer to the newest user message and keeps everything else the client asked for. */
class RewindTest {

    @TempDir
    Path dir;

    private SqliteSessionStore store;

    @BeforeEach
    void open() {
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void regenerateKeepsInteractiveApprovalModelAndOptions() {
        UUID id = store.create("t", null).id();
        store.append(id, Message.user("summarize my notes"));
        store.append(id, Message.assistant("done", List.of(), null));
        ChatOptions options = ChatOptions.DEFAULT;
        var request = new TurnRequest(id, "", "scripted", options, new HistoryEdit.Regenerate(), true);

        TurnRequest resolved = Rewind.resolve(store, request);

        long userId = store.history(id).getFirst().id();
        assertThat(resolved.edit()).isEqualTo(new HistoryEdit.Again(userId));
        assertThat(resolved.prompt()).isEqualTo("summarize my notes");
        assertThat(resolved.modelName()).isEqualTo("scripted");
        assertThat(resolved.options()).isSameAs(options);
        assertThat(resolved.interactiveApproval()).isTrue();
    }
}
