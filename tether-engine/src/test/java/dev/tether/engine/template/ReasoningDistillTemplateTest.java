package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.parse.ToolCallParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A template whose generation prompt opens the reasoning: the parser must start inside {@code <think>}. */
class ReasoningDistillTemplateTest {

    private final ChatTemplate template =
            ChatTemplate.fromGguf(template("reasoning-distill.jinja"), "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>");

    @Test
    void deepSeekMarkersMeanDeepSeekToolSyntaxInTheSystemTextNotHermes() {
        String prompt = template.render(List.of(Message.system("Be brief."), Message.user("Weather?")), TOOLS, true);
        assertThat(template.family()).isEqualTo(ModelFamily.DEEPSEEK);
        assertThat(template.toolFormat().name()).isEqualTo("deepseek");
        assertThat(prompt)
                .startsWith("<｜begin▁of▁sentence｜>Be brief.\n\n## Tools\nYou have access to the following tools")
                .contains("<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>tool_call_name<｜tool▁sep｜>")
                .doesNotContain("<tool_call>")
                .endsWith("<｜User｜>Weather?<｜Assistant｜><think>\n");
        assertThat(template.stopStrings()).contains("<｜end▁of▁sentence｜>");
    }

    @Test
    void dropsEarlierReasoningFromTheHistory() {
        String prompt = template.render(
                List.of(
                        Message.user("Hi"),
                        Message.assistant("<think>\nhmm\n</think>\n\nHello!", List.of(), FinishReason.STOP),
                        Message.user("Bye")),
                List.of(),
                true);
        assertThat(prompt)
                .isEqualTo("<｜begin▁of▁sentence｜><｜User｜>Hi<｜Assistant｜>\n\nHello!<｜end▁of▁sentence｜>"
                        + "<｜User｜>Bye<｜Assistant｜><think>\n");
    }

    @Test
    void anOutputThatStartsInsideThinkingIsSplitWhenTheParserIsPrimed() {
        String prompt = template.render(List.of(Message.user("Weather?")), TOOLS, true);
        assertThat(template.opensThinking(prompt)).isTrue();
        assertThat(template.opensThinking("<|im_start|>assistant\n")).isFalse();

        ToolCallParser parser = template.toolFormat().newParser(1000);
        List<ModelEvent> events = new ArrayList<>(parser.feed("<think>"));
        events.addAll(parser.feed("I should call the tool.\n</think>\n\n<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>"
                + "get_weather<｜tool▁sep｜>{\"city\": \"Paris\"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>"));
        events.addAll(parser.finish());
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo(new ModelEvent.Thinking("I should call the tool.\n"));
        assertThat(events.get(1)).isEqualTo(new ModelEvent.Text("\n\n"));
        assertThat(events.get(2))
                .isInstanceOfSatisfying(
                        ModelEvent.Call.class, call -> assertThat(call.name()).isEqualTo("get_weather"));
    }
}
