package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.remote.OpenAiWire;
import dev.tether.tool.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptEstimateTest {

    private static final ToolSpec TOOL = new ToolSpec(
            "weather", "The weather.", new ObjectMapper().createObjectNode().put("type", "object"), null);

    private final PromptEstimate estimate = new PromptEstimate();
    private final List<Message> history =
            new ArrayList<>(List.of(Message.system("Be brief."), Message.user("What is the weather in Lisbon?")));

    @Test
    void nothingIsKnownBeforeTheServerHasReportedAPrompt() {
        assertThat(estimate.bound("s", history, List.of(TOOL))).isEqualTo(-1);
        assertThat(estimate.bound(null, history, List.of())).isEqualTo(-1);
    }

    @Test
    void aNewConversationIsBoundedByItsBytesPlusTheTemplateTextLearned() {
        // the template added 500 tokens beyond the bytes of what was sent
        int sentBytes = bytes(history) + bytes(TOOL);
        estimate.learn("first", history, List.of(TOOL), sentBytes + 500);

        List<Message> other = List.of(Message.system("Be brief."), Message.user("Ciao, che tempo fa a Milano?"));
        assertThat(estimate.bound("second", other, List.of(TOOL))).isEqualTo(bytes(other) + bytes(TOOL) + 500);
        assertThat(estimate.bound(null, other, List.of())).isEqualTo(bytes(other) + 500);
    }

    @Test
    void aSessionsBoundIsItsLastPromptPlusOnlyWhatCameSince() {
        estimate.learn("s", history, List.of(TOOL), 40);
        List<Message> next = new ArrayList<>(history);
        next.add(Message.assistant("Sunny, 24 °C.", List.of(), FinishReason.STOP));
        next.add(Message.user("And tomorrow?"));

        int bound = estimate.bound("s", next, List.of(TOOL));

        assertThat(bound).isEqualTo(40 + bytes(next.subList(2, 4)) + 2 * PromptEstimate.PER_MESSAGE);
        assertThat(bound).as("far below the whole conversation's bytes").isLessThan(bytes(next) + bytes(TOOL));
    }

    @Test
    void anEditedHistoryOrOtherToolsFallBackToTheBytesBound() {
        estimate.learn("s", history, List.of(TOOL), 40);
        int bytesBound = bytes(history) + bytes(TOOL); // learned overhead is 0: 40 tokens are fewer than the bytes

        List<Message> edited = List.of(Message.system("Be brief."), Message.user("What is the weather in Porto?"));
        assertThat(estimate.bound("s", edited, List.of(TOOL))).isEqualTo(bytes(edited) + bytes(TOOL));
        assertThat(estimate.bound("s", history, List.of())).isEqualTo(bytes(history));
        assertThat(estimate.bound("s", history, List.of(TOOL))).isEqualTo(40).isLessThan(bytesBound);
    }

    @Test
    void aShorterHistoryThanTheOneRecordedIsNotBoundedByIt() {
        List<Message> longer = new ArrayList<>(history);
        longer.add(Message.assistant("Sunny.", List.of(), FinishReason.STOP));
        estimate.learn("s", longer, List.of(), 30);

        assertThat(estimate.bound("s", history, List.of())).isEqualTo(bytes(history));
    }

    private static int bytes(List<Message> messages) {
        return messages.stream()
                .mapToInt(m -> OpenAiWire.message(m).toString().getBytes(StandardCharsets.UTF_8).length)
                .sum();
    }

    private static int bytes(ToolSpec tool) {
        return OpenAiWire.tool(tool).toString().getBytes(StandardCharsets.UTF_8).length;
    }
}
