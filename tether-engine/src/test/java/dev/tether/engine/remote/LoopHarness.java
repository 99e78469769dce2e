package dev.tether.engine.remote;

import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.loop.Orchestrator;
import dev.tether.engine.loop.Turn;
import dev.tether.engine.loop.TurnRequest;
import dev.tether.engine.model.ModelProvider;
import dev.tether.engine.model.ModelRouter;
import dev.tether.engine.session.Session;
import dev.tether.engine.session.SessionStore;
import dev.tether.engine.session.SqliteSessionStore;
import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import dev.tether.tool.ToolRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The real tool loop, store and registry around remote providers, for end-to-end provider tests. */
final class LoopHarness implements AutoCloseable {

    @ToolInfo(name = "add", description = "Adds two integers.")
    public static final class Add {
        public Map<String, Object> run(@Param(description = "first") int a, @Param(description = "second") int b) {
            return Map.of("sum", a + b);
        }
    }

    final SessionStore store;
    final ModelRouter models;
    final Orchestrator orchestrator;

    LoopHarness(Path dir, ModelProvider... providers) {
        store = SqliteSessionStore.open("jdbc:sqlite:" + dir.resolve("tether.db"));
        models = new ModelRouter(List.of(providers));
        ToolRegistry tools = ToolRegistry.builder()
                .timeout(Duration.ofSeconds(5))
                .add("add", new Add())
                .build();
        orchestrator = new Orchestrator(
                store, models, tools, new Orchestrator.Settings("You are a test.", 5, 4096, 10_000, 4, 4));
    }

    /** One turn in a new session; the events it streamed, without the stored messages' ids (not these tests' topic). */
    List<ChatEvent> turn(String prompt, String model, ChatOptions options) {
        Session session = store.create("test", null);
        lastSession = session;
        List<ChatEvent> events = new CopyOnWriteArrayList<>();
        try (Turn turn = orchestrator.begin(new TurnRequest(session.id(), prompt, model, options))) {
            turn.run(event -> {
                if (!(event instanceof ChatEvent.MessageStored)) {
                    events.add(event);
                }
            });
        }
        return events;
    }

    private Session lastSession;

    List<Message> stored() {
        return store.messages(lastSession.id());
    }

    @Override
    public void close() {
        models.close();
        store.close();
    }
}
