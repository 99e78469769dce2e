package dev.tether.engine.llamacpp;

import static dev.tether.engine.llamacpp.LlamaCppProviderTest.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatEvent.Done;
import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.tool.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured output on the embedded engine: the binding turns the schema into a grammar, so the random-weight
 * tiny model's answer parses and matches it (nested object, enums), and passes the check before {@code done}.
 */
class EmbeddedStructuredOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["sky", "wind"],
             "properties": {"sky": {"enum": ["sunny", "cloudy", "rain"]},
                            "wind": {"type": "object", "additionalProperties": false, "required": ["direction", "strong"],
                                     "properties": {"direction": {"enum": ["N", "E", "S", "W"]},
                                                    "strong": {"type": "boolean"}}}}}""";

    @TempDir
    static Path dir;

    private static SessionStore store;
    private static ModelRouter models;
    private static Orchestrator orchestrator;

    @BeforeAll
    static void start() throws Exception {
        Files.copy(TestModels.tiny(), dir.resolve("tiny.gguf"));
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        models = new ModelRouter(List.of(new LlamaCppProvider(args(Map.of(
                "engine",
                "embedded",
                "dist_root",
                dir.toString(),
                "n_ctx",
                "1024",
                "parallel",
                "1",
                "threads",
                "2")))));
        orchestrator = new Orchestrator(
                store,
                models,
                ToolRegistry.builder().build(),
                new Orchestrator.Settings("Answer in JSON.", 3, 32768, 100_000, 4, 4));
    }

    @AfterAll
    static void stop() {
        models.close();
        store.close();
    }

    @Test
    void theAnswerFollowsTheSchemaThroughTheBindingsGrammar() throws Exception {
        ResponseFormat format =
                ResponseFormat.parse(JSON.readTree("{\"type\": \"json_schema\", \"schema\": " + SCHEMA + "}"));
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (Turn turn = orchestrator.begin(new TurnRequest(
                store.create("s", null).id(),
                "Weather?",
                "tiny",
                new ChatOptions(300, 0.8, null, 7L, List.of(), null, null, format)))) {
            turn.run(events::add);
        }

        assertThat(events).as(events.toString()).noneMatch(ErrorEvent.class::isInstance);
        assertThat(((Done) events.getLast()).finishReason()).isEqualTo(FinishReason.STOP);
        StringBuilder text = new StringBuilder();
        events.stream()
                .filter(ChatEvent.Token.class::isInstance)
                .forEach(e -> text.append(((ChatEvent.Token) e).text()));
        JsonNode answer = JSON.readTree(text.toString());
        assertThat(answer.get("sky").asText()).isIn("sunny", "cloudy", "rain");
        assertThat(answer.at("/wind/direction").asText()).isIn("N", "E", "S", "W");
        assertThat(answer.at("/wind/strong").isBoolean()).isTrue();
        assertThat(format.violation(text.toString())).isEmpty();
    }
}
