package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.SIMPLE;
import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.TOOL_ROUND_TRIP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatTemplateFallbackTest {

    private final Logger logger = Logger.getLogger(ChatTemplate.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        logger.addHandler(handler);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(handler);
    }

    @Test
    void aTemplateThatDoesNotParseFallsBackToTheBuiltInFormatOfItsFamily() {
        ChatTemplate broken =
                ChatTemplate.fromGguf("{% for message in messages %}<|im_start|>{{ message.role ", "", "<|im_end|>");
        String expected =
                ChatTemplate.builtIn(ModelFamily.CHATML, "", "<|im_end|>").render(SIMPLE, List.of(), true);
        assertThat(broken.render(SIMPLE, List.of(), true)).isEqualTo(expected);
        assertThat(warnings()).singleElement().asString().contains("built-in CHATML");
    }

    @Test
    void aTemplateThatRaisesFallsBackAndTheLogSaysWhy() {
        ChatTemplate raising = ChatTemplate.fromGguf(
                "<|start_header_id|>{{ raise_exception('no tool role here') }}", "<|begin_of_text|>", "<|eot_id|>");
        String expected = ChatTemplate.builtIn(ModelFamily.LLAMA3, "<|begin_of_text|>", "<|eot_id|>")
                .render(TOOL_ROUND_TRIP, TOOLS, true);
        assertThat(raising.render(TOOL_ROUND_TRIP, TOOLS, true)).isEqualTo(expected);
        assertThat(warnings())
                .singleElement()
                .asString()
                .contains("no tool role here")
                .contains("built-in LLAMA3");
    }

    @Test
    void aTemplateThatWantsArgumentsAsTextGetsThemAsText() {
        String source = """
                {%- for m in messages %}<|im_start|>{{ m.role }}
                {% for c in m.tool_calls or [] %}{% if c.function.arguments is not string %}\
                {{ raise_exception('arguments must be a string') }}{% endif %}\
                {{ c.function.name }}:{{ c.function.arguments }}{% endfor %}{{ m.content }}<|im_end|>
                {% endfor %}{# tools are listed by the caller #}{{ tools | length }}""";
        String prompt = ChatTemplate.fromGguf(source, "", "<|im_end|>").render(TOOL_ROUND_TRIP, TOOLS, false);
        assertThat(prompt).contains("<|im_start|>assistant\nget_weather:{\"city\": \"Paris\"}<|im_end|>");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aLoopFilterSelectsTheItemsItNames() {
        ChatTemplate filtered = ChatTemplate.fromGguf(
                "{% for m in messages if m.role != 'system' %}"
                        + "<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}",
                "", "");
        assertThat(filtered.render(SIMPLE, List.of(), false))
                .isEqualTo("<|im_start|>user\nHi!<|im_end|>\n"
                        + "<|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nWho are you?<|im_end|>\n");
        assertThat(JinjaRenderer.render(
                        "{% for m in (a if b else c) %}{% if m %}{{ m }}{% endif %}{% endfor %}",
                        java.util.Map.of("a", List.of(1), "b", false, "c", List.of(2))))
                .isEqualTo("2");
        assertThat(JinjaRenderer.render(
                        "{%- for m in [0, 1] -%}{{ 'y' if m else 'n' }}{% endfor %}", java.util.Map.of()))
                .isEqualTo("ny");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void everyFallbackIsLoggedAtWarning() {
        ChatTemplate raising = ChatTemplate.fromGguf("{{ raise_exception('nope') }}", "", "");
        raising.render(SIMPLE, List.of(), true);
        raising.render(SIMPLE, List.of(), true);
        assertThat(warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("nope"));
    }

    @Test
    void noTemplateUsesTheBuiltInAndSaysSo() {
        ChatTemplate none = ChatTemplate.fromGguf("  ", "", "");
        assertThat(none.family()).isEqualTo(ModelFamily.CHATML);
        assertThat(records).anySatisfy(r -> assertThat(r.getMessage()).contains("no chat template"));
    }

    @Test
    void aToolRoundTripThroughTheBuiltInFormatOfEveryFamilyKeepsEveryMessage() {
        for (ModelFamily family : ModelFamily.values()) {
            String prompt = ChatTemplate.builtIn(family, "", "").render(TOOL_ROUND_TRIP, TOOLS, true);
            assertThat(prompt)
                    .as(family.name())
                    .contains(
                            "You are terse.", "Weather in Paris?", "get_weather", "{\"temp_c\": 18}", "18°C in Paris.");
            // MiniMax writes each argument as an XML element
            assertThat(prompt)
                    .as(family.name())
                    .containsAnyOf("\"city\": \"Paris\"", "<parameter name=\"city\">Paris</parameter>");
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            nullValues = "null",
            value = {
                "null => CHATML",
                "{{ x }} => CHATML",
                "{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %} => CHATML",
                "<|start_header_id|>{{ m.role }}<|end_header_id|> => LLAMA3",
                "{{ bos_token }}[INST] {{ m.content }} [/INST] => MISTRAL",
                "<start_of_turn>{{ role }} => GEMMA",
                "<|user|> {{ m.content }}<|end|> => PHI",
                "{{ bos_token }}<｜User｜>{{ m.content }}<｜Assistant｜> => DEEPSEEK",
                "<|START_OF_TURN_TOKEN|><|USER_TOKEN|>{{ m.content }}<|END_OF_TURN_TOKEN|> => COMMAND_R",
                "<|start_of_role|>{{ m.role }}<|end_of_role|> => GRANITE",
                "<|start|>{{ m.role }}<|channel|>final<|message|>{{ m.content }}<|end|> => HARMONY",
                "]~b]{{ m.role }} => MINIMAX"
            })
    void detectsTheFamilyFromTheTemplatesMarkers(String source, ModelFamily family) {
        assertThat(ModelFamily.detect(source)).isEqualTo(family);
    }

    @Test
    void theSameMessageObjectsRenderTheSameEveryTime() {
        ChatTemplate template = ChatTemplate.fromGguf(Conversations.template("chatml-tools.jinja"), "", "<|im_end|>");
        List<Message> messages = TOOL_ROUND_TRIP;
        assertThat(template.render(messages, TOOLS, true)).isEqualTo(template.render(messages, TOOLS, true));
    }

    private List<String> warnings() {
        return records.stream()
                .filter(r -> r.getLevel() == Level.WARNING)
                .map(LogRecord::getMessage)
                .toList();
    }
}
