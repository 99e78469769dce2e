package dev.tether.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.Cancellation;
import dev.tether.engine.chat.ChatEvent;
import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Usage;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.model.GenerationResult;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.model.ModelInfo;
import dev.tether.engine.model.ModelProvider;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The model call shared by turns and completions, fed typed events by a provider that emits them directly. */
class ModelCallTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A provider that sends the given events, as a structured engine (llama-server, OpenAI, Ollama) does. */
    private record Emitting(List<ModelEvent> events) implements ModelProvider {
        @Override
        public List<ModelInfo> models() {
            return List.of(new ModelInfo("m", "test", true, Map.of()));
        }

        @Override
        public GenerationResult generate(GenerationRequest request, Consumer<ModelEvent> sink) {
            events.forEach(sink);
            return new GenerationResult(FinishReason.STOP, new Usage(3, events.size(), 0, 0));
        }
    }

    private final List<ChatEvent> sent = new ArrayList<>();

    private ModelCall.Answer run(List<ModelEvent> events, int maxToolChars, ModelCall.Unoffered unoffered) {
        ToolSpec add = new ToolSpec("add", "adds", JSON.createObjectNode(), null);
        GenerationRequest request = new GenerationRequest(
                "m",
                List.of(Message.system("s"), Message.user("u")),
                List.of(add),
                ChatOptions.DEFAULT,
                new Cancellation(),
                null,
                maxToolChars,
                true);
        return ModelCall.run(new Emitting(events), request, new Emitter(sent::add, request.cancel()), unoffered);
    }

    @Test
    void structuredEventsBecomeChatEventsAndTheAnswerCollectsTextAndCalls() {
        ObjectNode args = JSON.createObjectNode().put("a", 1);
        var answer = run(
                List.of(new ModelEvent.Thinking("hmm"), new ModelEvent.Text("Sum: "), new ModelEvent.Call("add", args)),
                1000,
                ModelCall.Unoffered.KEEP);

        assertThat(answer.text()).isEqualTo("Sum: ");
        assertThat(answer.calls()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("add");
            assertThat(c.arguments()).isEqualTo(args);
            assertThat(c.id()).matches("call_[0-9a-f]{24}");
        });
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).isEqualTo(new ChatEvent.Think("hmm"));
        assertThat(sent.get(1)).isEqualTo(new ChatEvent.Token("Sum: "));
        assertThat(sent.get(2)).isInstanceOf(ChatEvent.ToolCallEvent.class);
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.usage().completionTokens()).isEqualTo(3);
    }

    @Test
    void reasoningInPiecesIsCollectedWholeForTheStoredAnswer() {
        var answer = run(
                List.of(
                        new ModelEvent.Thinking("weighing "),
                        new ModelEvent.Thinking("the options"),
                        new ModelEvent.Text("Done.")),
                1000,
                ModelCall.Unoffered.KEEP);

        assertThat(answer.reasoning()).isEqualTo("weighing the options");
        assertThat(answer.reasoningMs()).isNotNegative();
        assertThat(answer.text()).isEqualTo("Done.");
        assertThat(sent)
                .containsExactly(
                        new ChatEvent.Think("weighing "),
                        new ChatEvent.Think("the options"),
                        new ChatEvent.Token("Done."));
    }

    @Test
    void anAnswerWithoutReasoningHasNone() {
        var answer = run(List.of(new ModelEvent.Text("Plain.")), 1000, ModelCall.Unoffered.KEEP);

        assertThat(answer.reasoning()).isEmpty();
        assertThat(answer.reasoningMs()).isZero();
    }

    @Test
    void aStructuredCallLongerThanTheLimitIsAnInvalidToolCallNotACall() {
        ObjectNode big = JSON.createObjectNode().put("text", "x".repeat(500));
        var answer = run(List.of(new ModelEvent.Call("add", big)), 100, ModelCall.Unoffered.KEEP);

        assertThat(answer.calls()).isEmpty();
        assertThat(sent).singleElement().isInstanceOfSatisfying(ChatEvent.ErrorEvent.class, e -> {
            assertThat(e.code()).isEqualTo("invalid_tool_call");
            assertThat(e.message()).contains("max_tool_chars (100)");
        });
    }

    @Test
    void anUnofferedCallIsKeptForTheToolLoopButDroppedForAClientThatCannotRunIt() {
        var kept = run(List.of(new ModelEvent.Call("rm", JSON.createObjectNode())), 1000, ModelCall.Unoffered.KEEP);
        assertThat(kept.calls()).extracting(c -> c.name()).containsExactly("rm");

        sent.clear();
        var dropped = run(List.of(new ModelEvent.Call("rm", JSON.createObjectNode())), 1000, ModelCall.Unoffered.DROP);
        assertThat(dropped.calls()).isEmpty();
        assertThat(sent)
                .singleElement()
                .isInstanceOfSatisfying(
                        ChatEvent.ErrorEvent.class, e -> assertThat(e.code()).isEqualTo("unknown_tool_call"));
    }

    @Test
    void anInvalidCallFromTheProviderIsAnErrorEvent() {
        var answer = run(
                List.of(new ModelEvent.InvalidCall("arguments are not a JSON object")), 1000, ModelCall.Unoffered.KEEP);
        assertThat(answer.calls()).isEmpty();
        assertThat(sent)
                .singleElement()
                .isEqualTo(new ChatEvent.ErrorEvent("arguments are not a JSON object", "invalid_tool_call"));
    }
}
