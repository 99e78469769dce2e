package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.TOOL_ROUND_TRIP;
import static dev.tether.engine.template.Conversations.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.engine.parse.ToolFormats;
import org.junit.jupiter.api.Test;

/** {@code tool_format} set to something other than the family's: the prompt teaches and replays that format. */
class ToolFormatOverrideTest {

    @Test
    void theSeedFormatReplacesTheTemplatesOwnToolRendering() {
        ChatTemplate seed = ChatTemplate.fromGguf(template("chatml-tools.jinja"), "", "<|im_end|>")
                .withToolFormat("seed");
        assertThat(seed.toolFormat()).isSameAs(ToolFormats.SEED);
        assertThat(seed.render(TOOL_ROUND_TRIP, TOOLS, true))
                .isEqualTo("""
                <|im_start|>system
                You are terse.

                %s<|im_end|>
                <|im_start|>user
                Weather in Paris?<|im_end|>
                <|im_start|>assistant
                <<function_call>> {"name": "get_weather", "arguments": {"city": "Paris"}}<|im_end|>
                <|im_start|>user
                {"temp_c": 18}<|im_end|>
                <|im_start|>assistant
                18°C in Paris.<|im_end|>
                <|im_start|>assistant
                """.formatted(ToolFormats.SEED.toolInstructions(TOOLS)));
    }

    @Test
    void aBuiltInMistralWithHermesCallsPutsToolResultsInUserTurns() {
        ChatTemplate hermes =
                ChatTemplate.builtIn(ModelFamily.MISTRAL, "<s>", "</s>").withToolFormat("hermes");
        assertThat(hermes.render(TOOL_ROUND_TRIP, TOOLS, true))
                .contains(
                        "[/INST]<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
                                + "</tool_call></s>[INST] <tool_response>\n{\"temp_c\": 18}\n</tool_response>[/INST]18°C in Paris.</s>");
    }

    @Test
    void theFamilysOwnFormatChangesNothing() {
        ChatTemplate template = ChatTemplate.builtIn(ModelFamily.LLAMA3, "", "");
        assertThat(template.withToolFormat("llama3")).isSameAs(template);
    }

    @Test
    void anUnknownFormatIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(
                        () -> ChatTemplate.builtIn(ModelFamily.CHATML, "", "").withToolFormat("functionary-v3.2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed, hermes, llama3, mistral");
    }
}
