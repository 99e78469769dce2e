package dev.tether.toolsets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.Engine;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.ToolResultEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.session.Session;
import dev.tether.tool.DisabledTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that calls a tool Tether does not offer — a built-in left out of {@code tools.enabled}, an enabled one
 * that lacks its key, a misspelt name — gets a tool result that says why and what to change, through the real
 * tool loop and into the store.
 */
class NotOfferedToolsTest {

    private static final String SCRIPT = """
            models: [scripted]
            rules:
              - { on: user, match: "^read", chunks: ["<<function_call>> {\\"name\\": \\"read_file\\", \\"arguments\\": {\\"path\\": \\"a.txt\\"}}"] }
              - { on: user, match: "^search", chunks: ["<<function_call>> {\\"name\\": \\"web_search\\", \\"arguments\\": {\\"query\\": \\"x\\"}}"] }
              - { on: user, match: "^typo", chunks: ["<<function_call>> {\\"name\\": \\"get_curent_time\\", \\"arguments\\": {}}"] }
              - { on: tool, match: ".*", chunks: ["Noted."] }
            """;

    @TempDir
    Path dir;

    private Engine engine;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        Path script = Files.writeString(dir.resolve("script.yml"), SCRIPT);
        Path config = Files.writeString(
                dir.resolve("tether.yml"), """
                data_dir: "%s"
                providers:
                  model: { impl: scripted, args: { script: "%s" } }
                  session_store: { url: "jdbc:sqlite:%s" }
                tools:
                  enabled: [get_current_time, web_search]
                """.formatted(dir.resolve("data"), script, dir.resolve("tether.db")));
        engine = Engine.start(TetherConfig.load(Optional.of(config), Map.of(), k -> null), k -> null);
    }

    @AfterEach
    void stop() {
        engine.tools().close();
        engine.close();
    }

    @Test
    void theBuiltInsNotEnabledAreListedWithTheirToolsetAndDescription() {
        List<DisabledTool> disabled = engine.tools().disabled();

        assertThat(disabled)
                .extracting(DisabledTool::name)
                .contains("weather", "forecast", "read_file", "kb_search", "calendar_list_events", "mail_list")
                .doesNotContain("get_current_time", "web_search");
        DisabledTool readFile = disabled.stream()
                .filter(t -> t.name().equals("read_file"))
                .findFirst()
                .orElseThrow();
        assertThat(readFile.settings()).isEqualTo("files");
        assertThat(readFile.description()).isNotBlank();
    }

    @Test
    void aDisabledBuiltInSaysHowToEnableIt() throws Exception {
        ToolResultEvent result = chat("read it").result();

        assertThat(result.error())
                .isEqualTo(
                        "tool read_file is disabled: add read_file to tools.enabled in the"
                                + " configuration file; its settings go in the tools.registry entry named 'files' (README: Tools)");
        assertThat(storedToolMessage()).contains(result.error());
    }

    @Test
    void anEnabledToolWithoutItsKeySaysWhatIsMissing() throws Exception {
        ToolResultEvent result = chat("search the web").result();

        assertThat(result.error())
                .startsWith("tool web_search is unavailable: ")
                .contains("set the environment variable BRAVE_API_KEY")
                .endsWith("(its settings go in the tools.registry entry named 'web_search')");
        assertThat(storedToolMessage()).contains("BRAVE_API_KEY");
    }

    @Test
    void aMisspeltNameGetsTheNearestToolAndTheList() throws Exception {
        ToolResultEvent result = chat("typo").result();

        assertThat(result.error())
                .isEqualTo("unknown tool: get_curent_time; did you mean get_current_time?;"
                        + " the tools offered are get_current_time");
    }

    private record Outcome(List<ChatEvent> events) {
        ToolResultEvent result() {
            return events.stream()
                    .filter(ToolResultEvent.class::isInstance)
                    .map(ToolResultEvent.class::cast)
                    .findFirst()
                    .orElseThrow();
        }
    }

    private Outcome chat(String prompt) {
        session = engine.store().create("not offered", null);
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (Turn turn =
                engine.orchestrator().begin(new TurnRequest(session.id(), prompt, null, ChatOptions.DEFAULT))) {
            turn.run(events::add);
        }
        return new Outcome(events);
    }

    private String storedToolMessage() {
        List<Message> stored = engine.store().messages(session.id());
        assertThat(stored.getLast().content()).isEqualTo("Noted.");
        return stored.stream()
                .filter(m -> m.role() == Role.TOOL)
                .findFirst()
                .orElseThrow()
                .content();
    }
}
