package dev.tether.toolsets.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.ToolResultEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.scripted.ScriptedProvider;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.tool.ToolRegistry;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mail tools in whole chat turns against a real IMAP server, and a failing login kept out of the history. */
class MailChatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = """
            models: [scripted]
            rules:
              - on: user
                match: "(?i)unread"
                chunks: ["<<function_call>> {\\"name\\": \\"mail_list\\", \\"arguments\\": ",
                         "{\\"unread_only\\": true, \\"limit\\": 2}}"]
              - on: tool
                match: "Quarterly|failed"
                chunks: ["Done."]
            """;

    @TempDir
    Path dir;

    private ImapServer server;
    private SessionStore store;

    @BeforeEach
    void start() throws Exception {
        server = new ImapServer();
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
    }

    @AfterEach
    void stop() {
        store.close();
        server.close();
    }

    private List<ChatEvent> chat(Session session, String password) throws Exception {
        Path script = dir.resolve("script.yml");
        Files.writeString(script, SCRIPT);
        var provider = new ScriptedProvider(Config.just(ConfigSources.create(Map.of("script", script.toString()))));
        Map<String, String> env = Map.of("MAIL_USER", "anna", "MAIL_PASSWORD", password);
        try (var tools = ToolRegistry.builder()
                .timeout(Duration.ofSeconds(20))
                .add("mail_list", MailTestTools.list(MailSeed.context(server.args(""), dir, env)))
                .build()) {
            var orchestrator = new Orchestrator(
                    store,
                    new ModelRouter(List.of(provider)),
                    tools,
                    new Orchestrator.Settings("You are a test.", 5, 4096, 1000, 2, 2));
            List<ChatEvent> events = new CopyOnWriteArrayList<>();
            try (Turn turn =
                    orchestrator.begin(new TurnRequest(session.id(), "Any unread mail?", null, ChatOptions.DEFAULT))) {
                turn.run(events::add);
            }
            return events;
        }
    }

    private static ToolResultEvent result(List<ChatEvent> events) {
        return events.stream()
                .filter(e -> e instanceof ToolResultEvent)
                .map(e -> (ToolResultEvent) e)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theModelListsUnreadMailAndTheResultIsStored() throws Exception {
        Session session = store.create("mail", null);

        ToolResultEvent result = result(chat(session, ImapServer.PASSWORD));

        assertThat(result.error()).isNull();
        assertThat(result.result().get("total").asInt()).isEqualTo(4);
        assertThat(result.result().get("messages"))
                .extracting(m -> m.get("subject").asText())
                .containsExactly("Quarterly report", "Your invoice for March");
        List<Message> stored = store.messages(session.id());
        assertThat(stored)
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        assertThat(JSON.readTree(stored.get(2).content())).isEqualTo(result.result());
    }

    @Test
    void aFailedLoginReachesTheModelAsAnErrorWithoutThePassword() throws Exception {
        Session session = store.create("mail", null);
        String wrong = "not-" + ImapServer.PASSWORD;

        ToolResultEvent result = result(chat(session, wrong));

        assertThat(result.error()).contains("wrong user name or password");
        List<Message> stored = store.messages(session.id());
        assertThat(stored.get(2).content()).contains("login to the imap server");
        assertThat(stored).allSatisfy(m -> assertThat(m.content()).doesNotContain(wrong));
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("tether.db")))
                    .isNotEmpty()
                    .allSatisfy(
                            f -> assertThat(Files.readAllBytes(f)).asString().doesNotContain(wrong));
        }
    }
}
