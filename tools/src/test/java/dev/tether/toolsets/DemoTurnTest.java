package dev.tether.toolsets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.Engine;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The out-of-the-box start: built-in defaults, no model in dist/, so the demo model shows a real tool call. */
class DemoTurnTest {

    @TempDir
    Path dir;

    @Test
    void theDemoModelCallsTheClockEndToEnd() throws Exception {
        try (Engine engine = Engine.start(demoSettings())) {
            Session session = engine.store().create("demo", null);
            List<ChatEvent> events = new CopyOnWriteArrayList<>();
            try (Turn turn =
                    engine.orchestrator().begin(new TurnRequest(session.id(), "What time is it?", null, null))) {
                turn.run(events::add);
            }

            assertThat(events)
                    .extracting(ChatEvent::type)
                    .containsSubsequence("token", "tool_call", "tool_result", "token", "done");
            ChatEvent.ToolResultEvent result = events.stream()
                    .filter(e -> e instanceof ChatEvent.ToolResultEvent)
                    .map(e -> (ChatEvent.ToolResultEvent) e)
                    .findFirst()
                    .orElseThrow();
            assertThat(result.error()).isNull();
            assertThat(result.result().get("timezone").asText()).isEqualTo("UTC");
            String time = result.result().get("time").asText(); // "Monday, 7 December 2026, 14:05:33 UTC"
            String clock = time.replaceAll(".*, (\\d{2}:\\d{2}):\\d{2} .*", "$1");
            String day = time.substring(0, time.lastIndexOf(", "));
            assertThat(answerAfterTheTool(events))
                    .as("the demo answers from the tool's result")
                    .startsWith("It's " + clock + " in UTC on " + day + ". ");
            assertThat(((ChatEvent.Done) events.getLast()).finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(engine.store().messages(session.id()))
                    .extracting(Message::role)
                    .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        }
    }

    @Test
    void theDemoModelTellsTheTimeInTokyoFromTheClock() throws Exception {
        try (Engine engine = Engine.start(demoSettings())) {
            Session session = engine.store().create("demo", null);
            List<ChatEvent> events = new CopyOnWriteArrayList<>();
            try (Turn turn = engine.orchestrator()
                    .begin(new TurnRequest(session.id(), "What time is it in Tokyo?", null, null))) {
                turn.run(events::add);
            }

            ChatEvent.ToolResultEvent result = events.stream()
                    .filter(e -> e instanceof ChatEvent.ToolResultEvent)
                    .map(e -> (ChatEvent.ToolResultEvent) e)
                    .findFirst()
                    .orElseThrow();
            assertThat(result.result().get("timezone").asText()).isEqualTo("Asia/Tokyo");
            String clock = result.result().get("time").asText().replaceAll(".*, (\\d{2}:\\d{2}):\\d{2} .*", "$1");
            assertThat(answerAfterTheTool(events)).startsWith("It's " + clock + " in Tokyo on ");
        }
    }

    private TetherConfig demoSettings() throws Exception {
        Path config = dir.resolve("tether.yml");
        Files.writeString(config, """
                data_dir: %s
                providers:
                  model: { impl: llamacpp, args: { dist_root: %s } }
                  session_store: { url: "jdbc:sqlite:%s" }
                """.formatted(
                dir.resolve("data"), Files.createDirectory(dir.resolve("dist")), dir.resolve("data/tether.db")));
        return TetherConfig.load(Optional.of(config), Map.of(), k -> null);
    }

    /** The text the model wrote after the tool's result. */
    private static String answerAfterTheTool(List<ChatEvent> events) {
        StringBuilder text = new StringBuilder();
        boolean after = false;
        for (ChatEvent e : events) {
            after |= e instanceof ChatEvent.ToolResultEvent;
            if (after && e instanceof ChatEvent.Token t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }
}
