package dev.tether.toolsets.calendar;

import static dev.tether.toolsets.calendar.CalendarFixtures.args;
import static dev.tether.toolsets.calendar.CalendarFixtures.context;
import static dev.tether.toolsets.calendar.CalendarFixtures.copy;
import static dev.tether.toolsets.calendar.CalendarFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calendar tool in a whole chat turn: scripted model → seed tool call → registry → stored history. */
class CalendarChatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theModelListsEventsAndTheResultIsStreamedAndStored() throws Exception {
        Path script = dir.resolve("script.yml");
        Files.writeString(script, """
                models: [scripted]
                rules:
                  - on: user
                    match: "(?i)calendar"
                    chunks: ["Let me look. ", "<<function_call>> {\\"name\\": \\"calendar_list_events\\", ",
                             "\\"arguments\\": {\\"from\\": \\"2026-03-30\\", \\"to\\": \\"2026-03-30\\"}}"]
                  - on: tool
                    match: "standup"
                    chunks: ["You have the team standup at 10:00."]
                """);
        var provider = new ScriptedProvider(Config.just(ConfigSources.create(Map.of("script", script.toString()))));
        try (var store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
                var tools = ToolRegistry.builder()
                        .timeout(Duration.ofSeconds(10))
                        .add(
                                "calendar_list_events",
                                new CalendarListEventsTool(service(context(args(copy("berlin.ics", dir), false), dir))))
                        .build()) {
            var orchestrator = new Orchestrator(
                    store,
                    new ModelRouter(List.of(provider)),
                    tools,
                    new Orchestrator.Settings("You are a test.", 5, 4096, 1000, 2, 2));
            Session session = store.create("calendar", null);
            List<ChatEvent> events = new CopyOnWriteArrayList<>();
            try (Turn turn = orchestrator.begin(
                    new TurnRequest(session.id(), "What is in my calendar on Monday?", null, ChatOptions.DEFAULT))) {
                turn.run(events::add);
            }

            ToolResultEvent result = events.stream()
                    .filter(e -> e instanceof ToolResultEvent)
                    .map(e -> (ToolResultEvent) e)
                    .findFirst()
                    .orElseThrow();
            assertThat(result.error()).isNull();
            assertThat(result.toolName()).isEqualTo("calendar_list_events");
            JsonNode first = result.result().get("events").get(0);
            assertThat(first.get("title").asText()).isEqualTo("Team standup");
            assertThat(first.get("start").asText()).isEqualTo("2026-03-30T10:00+02:00");

            List<Message> stored = store.messages(session.id());
            assertThat(stored)
                    .extracting(Message::role)
                    .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
            assertThat(stored.get(2).toolCallId()).isEqualTo(result.id());
            assertThat(JSON.readTree(stored.get(2).content())).isEqualTo(result.result());
            assertThat(stored.get(3).content()).isEqualTo("You have the team standup at 10:00.");
        }
    }
}
