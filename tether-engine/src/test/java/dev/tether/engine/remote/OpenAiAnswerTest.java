package dev.tether.engine.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.model.ModelEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How a streamed answer's chunks become events: chunks that arrived together go on as one event, in order and
 * without a character lost; a chunk with nothing behind it goes on at once; reasoning and text never merge.
 */
class OpenAiAnswerTest {

    private final List<ModelEvent> events = new ArrayList<>();

    @Test
    void chunksThatArrivedTogetherGoOnAsOneEventAndNothingWaitsForMore() {
        // lines 0-2 came in one read, line 3 alone, then the end
        ScriptedLines lines = new ScriptedLines(
                List.of(content("He"), content("llo"), content(", "), content("world"), finish()), Set.of(0, 1));

        OpenAiChatClient.Answer answer = OpenAiChatClient.read(lines, answer());

        assertThat(events).containsExactly(new ModelEvent.Text("Hello, "), new ModelEvent.Text("world"));
        assertThat(lines.flushedBefore)
                .as("line 3's text went on before line 4 was read")
                .containsEntry(3, List.of(new ModelEvent.Text("Hello, ")));
        assertThat(answer.result().finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void reasoningAndTextStayApartAndInOrderEvenWhenTheyArriveTogether() {
        ScriptedLines lines = new ScriptedLines(
                List.of(
                        reasoning("let me "),
                        reasoning("think"),
                        content("Sure"),
                        content("!"),
                        reasoning("again"),
                        finish()),
                Set.of(0, 1, 2, 3, 4));

        OpenAiChatClient.read(lines, answer());

        assertThat(events)
                .containsExactly(
                        new ModelEvent.Thinking("let me think"),
                        new ModelEvent.Text("Sure!"),
                        new ModelEvent.Thinking("again"));
    }

    @Test
    void whatArrivedBeforeACancelIsStillPassedOn() {
        ScriptedLines lines = new ScriptedLines(List.of(content("par"), content("tial")), Set.of(0, 1));
        lines.cancelAtEnd = true;

        OpenAiChatClient.Answer answer = OpenAiChatClient.read(lines, answer());

        assertThat(events).containsExactly(new ModelEvent.Text("partial"));
        assertThat(answer.result().finishReason()).isEqualTo(FinishReason.CANCELLED);
    }

    private OpenAiAnswer answer() {
        RemoteClient client = new RemoteClient(
                "fake",
                new RemoteSettings(
                        URI.create("http://127.0.0.1:1/"),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        List.of(),
                        Duration.ofSeconds(1)),
                Map.of(),
                (request, what, connect, read, cancel) -> {
                    throw new AssertionError("these tests feed the answer directly");
                });
        return new OpenAiAnswer(client, RemoteFormat.typed(events::add));
    }

    private static String content(String text) {
        return "data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"}}]}";
    }

    private static String reasoning(String text) {
        return "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"" + text + "\"}}]}";
    }

    private static String finish() {
        return "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}";
    }

    /** Lines as a server sent them, with those after which the next line had already arrived. */
    private final class ScriptedLines implements LineStream {
        private final Iterator<String> lines;
        private final Set<Integer> followedAtOnce;
        private final Map<Integer, List<ModelEvent>> flushedBefore = new java.util.HashMap<>();
        private int read = -1;
        private boolean cancelAtEnd;
        private boolean cancelled;

        ScriptedLines(List<String> lines, Set<Integer> followedAtOnce) {
            this.lines = lines.iterator();
            this.followedAtOnce = followedAtOnce;
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public String next() {
            if (!lines.hasNext()) {
                cancelled = cancelAtEnd;
                return null;
            }
            read++;
            flushedBefore.put(read, List.copyOf(events));
            return lines.next();
        }

        @Override
        public boolean lineReady(String prefix) {
            return followedAtOnce.contains(read);
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public void close() {}
    }
}
