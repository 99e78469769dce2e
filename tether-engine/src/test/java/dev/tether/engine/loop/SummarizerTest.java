package dev.tether.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ResponseFormat;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SummarizerTest {

    @Test
    void theNoteIsAskedForAsJsonSoAnEngineConstrainsItFromTheFirstToken() throws Exception {
        ResponseFormat format = Summarizer.NOTE_FORMAT;

        assertThat(format.type()).isEqualTo(ResponseFormat.Type.JSON_SCHEMA);
        assertThat(format.violation("{\"note\": \"The user plans a trip.\"}")).isEmpty();
        assertThat(format.violation("The user plans a trip.")).isPresent();
        assertThat(new ObjectMapper().writeValueAsString(format.wire())).contains("\"note\"");
    }

    @Test
    void theNoteIsReadFromItsJsonFromJsonCutShortOrFromPlainText() {
        assertThat(Summarizer.note("{\"note\": \"The user plans a trip to Oslo.\"}"))
                .isEqualTo("The user plans a trip to Oslo.");
        assertThat(Summarizer.note("{\"note\": \"The user plans a trip to Os"))
                .as("the length limit cut the JSON inside the note")
                .isEqualTo("The user plans a trip to Os");
        assertThat(Summarizer.note("{\"note\": \"Done.\""))
                .as("cut before the closing brace")
                .isEqualTo("Done.");
        assertThat(Summarizer.note("  The user plans a trip.  "))
                .as("an engine that does not constrain its answer")
                .isEqualTo("The user plans a trip.");
        assertThat(Summarizer.note("{\"other\": 1}")).isEqualTo("{\"other\": 1}");
    }

    @Test
    void theSummaryCallAsksForTheNoteShapeAndReturnsTheNote() {
        AtomicReference<GenerationRequest> asked = new AtomicReference<>();
        ModelProvider provider = new ModelProvider() {
            @Override
            public List<ModelInfo> models() {
                return List.of();
            }

            @Override
            public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> events) {
                asked.set(request);
                events.accept(new ModelEvent.Text("{\"note\": \"The user asked about Oslo.\"}"));
                return new GenerationResult(FinishReason.STOP, Usage.ZERO, List.of());
            }
        };

        String note = new Summarizer(provider, "m", 128, 1000)
                .summarize(null, List.of(Message.user("Tell me about Oslo")), 7L, new Cancellation());

        assertThat(note).isEqualTo("The user asked about Oslo.");
        assertThat(asked.get().options().responseFormat()).isEqualTo(Summarizer.NOTE_FORMAT);
        assertThat(asked.get().options().maxTokens()).isEqualTo(128);
        assertThat(asked.get().tools()).isEmpty();
    }
}
