package dev.tether.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scanning the native-format parsers share, through a minimal parser: text, {@code <think>}, and @JSON calls. */
class StreamingParserTest {

    /** Text with {@code <think>} reasoning; {@code @} opens a JSON value, emitted as an event of its own. */
    private static final class AtJsonParser extends StreamingParser {
        private boolean inJson;

        AtJsonParser(int maxToolChars) {
            super(maxToolChars);
        }

        @Override
        boolean step(List<ModelEvent> out) {
            if (inJson) {
                if (!readJson(out)) {
                    return false;
                }
                if (jsonText != null) {
                    out.add(new ModelEvent.InvalidCall("json " + jsonText)); // an event of its own
                }
                inJson = false;
                return true;
            }
            Found found = textOrThink(out, "@");
            if (found != Found.CALL) {
                return found == Found.THINK;
            }
            openJson();
            inJson = true;
            return true;
        }

        @Override
        void end(List<ModelEvent> out) {
            text(out, take(buf.length()));
        }
    }

    private static List<ModelEvent> charByChar(StreamingParser parser, String output) {
        List<ModelEvent> events = new ArrayList<>();
        output.codePoints().forEach(c -> events.addAll(parser.feed(Character.toString(c))));
        events.addAll(parser.finish());
        return merged(events);
    }

    /** Adjacent text or thinking events joined, as a reader sees them. */
    private static List<ModelEvent> merged(List<ModelEvent> events) {
        List<ModelEvent> out = new ArrayList<>();
        for (ModelEvent e : events) {
            ModelEvent last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (e instanceof ModelEvent.Text t && last instanceof ModelEvent.Text l) {
                out.set(out.size() - 1, new ModelEvent.Text(l.text() + t.text()));
            } else if (e instanceof ModelEvent.Thinking t && last instanceof ModelEvent.Thinking l) {
                out.set(out.size() - 1, new ModelEvent.Thinking(l.text() + t.text()));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void tagsFirstFindsTheEarliestTag() {
        assertThat(Tags.first(new StringBuilder("ab<x>cd<y>"), "<y>", "<x>")).isEqualTo(new Tags.Hit("<x>", 2));
        assertThat(Tags.first(new StringBuilder("ab<x"), "<x>", "<y>")).isNull();
    }

    @Test
    void reasoningIsThinkingUpToItsCloseAndHidesCallTags() {
        assertThat(charByChar(new AtJsonParser(100), "a<think>b @{}</think>c"))
                .containsExactly(new ModelEvent.Text("a"), new ModelEvent.Thinking("b @{}"), new ModelEvent.Text("c"));
    }

    @Test
    void unclosedReasoningIsFlushedAsThinking() {
        assertThat(charByChar(new AtJsonParser(100), "<think>still thinking</thi"))
                .containsExactly(new ModelEvent.Thinking("still thinking</thi"));
    }

    @Test
    void jsonIsReadWholeWhereverChunksSplitIt() {
        assertThat(charByChar(new AtJsonParser(100), "x@{\"a\": \"}\"}y"))
                .containsExactly(
                        new ModelEvent.Text("x"),
                        new ModelEvent.InvalidCall("json {\"a\": \"}\"}"),
                        new ModelEvent.Text("y"));
    }

    @Test
    void overLongJsonIsReportedOnceAndDroppedToItsEnd() {
        List<ModelEvent> events = charByChar(new AtJsonParser(5), "x@{\"a\": [1, 2, 3]}y");
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo(new ModelEvent.Text("x"));
        assertThat(((ModelEvent.InvalidCall) events.get(1)).message()).contains("max_tool_chars");
        assertThat(events.get(2)).isEqualTo(new ModelEvent.Text("y"));
    }
}
