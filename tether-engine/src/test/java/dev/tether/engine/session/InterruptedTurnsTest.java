package dev.tether.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolCall;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A turn cut off by a crash between a tool call and its result is closed when the store opens again. */
class InterruptedTurnsTest {

    @TempDir
    Path dir;

    @Test
    void unansweredToolCallsGetAnErrorResultOnOpenOnce() {
        String url = "jdbc:sqlite:" + dir.resolve("t.db");
        UUID id;
        try (SqliteSessionStore store = SqliteSessionStore.open(url)) {
            id = store.create("t", null).id();
            var args = new ObjectMapper().createObjectNode().put("timezone", "UTC");
            store.append(id, Message.user("time?"));
            store.append(
                    id,
                    Message.assistant(
                            "",
                            List.of(
                                    new ToolCall("call_a", "get_current_time", args),
                                    new ToolCall("call_b", "get_current_time", args)),
                            FinishReason.STOP));
            store.append(id, Message.tool("call_a", "get_current_time", "12:00"));
            // the process dies here, before call_b's result is stored
        }
        for (int open = 0; open < 2; open++) {
            try (SqliteSessionStore store = SqliteSessionStore.open(url)) {
                List<Message> messages = store.messages(id);
                assertThat(messages).hasSize(4);
                Message closed = messages.getLast();
                assertThat(closed.role()).isEqualTo(Role.TOOL);
                assertThat(closed.toolCallId()).isEqualTo("call_b");
                assertThat(closed.content()).isEqualTo(InterruptedTurns.RESULT);
                assertThat(store.find(id).orElseThrow().messageCount()).isEqualTo(4);
            }
        }
    }
}
