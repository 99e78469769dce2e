package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.tool.ToolRegistry;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole turn through the tool loop on llama-server: a forced call on a random qwen3 runs and is answered. */
class LlamaServerTurnTest {

    @TempDir
    Path dir;

    @Test
    void aForcedCallFromARandomModelParsesRunsAndItsResultIsFedBack() throws Exception {
        Files.copy(TestModels.qwen3(), dir.resolve("qwen3.gguf"));
        WeatherTool weather = new WeatherTool();
        ToolRegistry tools = ToolRegistry.builder().add("weather", weather).build();
        try (SessionStore store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
                ModelRouter models =
                        new ModelRouter(List.of(new LlamaCppProvider(Config.just(ConfigSources.create(Map.of(
                                "dist_root",
                                dir.toString(),
                                "engine",
                                "llama-server",
                                "llama_server",
                                LlamaCppBuild.server().toString(),
                                "n_ctx",
                                "1024",
                                "parallel",
                                "1",
                                "threads",
                                "1",
                                "forced_string_chars",
                                "12",
                                "log_dir",
                                dir.resolve("logs").toString(),
                                "data_dir",
                                dir.resolve("data").toString()))))))) {
            Orchestrator orchestrator = new Orchestrator(
                    store, models, tools, new Orchestrator.Settings("You are terse.", 3, 32768, 100_000, 4, 4));
            Session session = store.create("forced", null);
            List<ChatEvent> events = new CopyOnWriteArrayList<>();
            try (Turn turn = orchestrator.begin(new TurnRequest(
                    session.id(),
                    "Hello",
                    "qwen3",
                    new ChatOptions(160, 0.8, null, 1L, List.of(), null, ToolChoice.named("weather"))))) {
                turn.run(events::add);
            }

            assertThat(events)
                    .filteredOn(ChatEvent.ToolCallEvent.class::isInstance)
                    .singleElement()
                    .satisfies(e ->
                            assertThat(((ChatEvent.ToolCallEvent) e).name()).isEqualTo("weather"));
            assertThat(events)
                    .filteredOn(ChatEvent.ToolResultEvent.class::isInstance)
                    .singleElement()
                    .satisfies(e ->
                            assertThat(((ChatEvent.ToolResultEvent) e).error()).isNull());
            assertThat(weather.calls).hasValue(1);
            assertThat(events.getLast()).isInstanceOf(ChatEvent.Done.class);
            List<Message> stored = store.messages(session.id());
            assertThat(stored)
                    .extracting(Message::role)
                    .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
            assertThat(stored.get(2).content()).contains("sunny");
            assertThat(stored.get(3).toolCalls()).isEmpty();
        }
    }
}
