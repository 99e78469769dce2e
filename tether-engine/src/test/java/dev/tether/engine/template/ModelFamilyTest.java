package dev.tether.engine.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.model.ModelEvent;
import dev.tether.engine.parse.ToolCallParser;
import dev.tether.engine.parse.ToolFormats;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real templates of llama.cpp's models/templates: each is recognised as its family, generation stops at the
 * end-of-turn marker the template itself writes after an answer, and the parser is the format it teaches and
 * reads the family's reasoning as reasoning.
 */
class ModelFamilyTest {

    private static final List<Message> ANSWERED = List.of(
            Message.user("Hi"), Message.assistant("Hello there!", List.of(), FinishReason.STOP), Message.user("Bye"));

    @ParameterizedTest
    @CsvSource({
        "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja, DEEPSEEK, deepseek",
        "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja, DEEPSEEK, deepseek",
        "deepseek-ai-DeepSeek-V3.1.jinja, DEEPSEEK, deepseek",
        "llama-cpp-deepseek-r1.jinja, DEEPSEEK, deepseek",
        "CohereForAI-c4ai-command-r-plus-tool_use.jinja, COMMAND_R, command-r-plus",
        "CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja, COMMAND_R, command-r7b",
        "ibm-granite-granite-3.3-2B-Instruct.jinja, GRANITE, granite",
        "ibm-granite-granite-4.0.jinja, GRANITE, hermes",
        "openai-gpt-oss-120b.jinja, HARMONY, harmony",
        "MiniMax-M2.jinja, MINIMAX, minimax-m2",
        "MiniMax-M3.jinja, MINIMAX, minimax-m3",
        "mistralai-Ministral-3-14B-Reasoning-2512.jinja, MISTRAL, mistral",
        "mistralai-Mistral-Nemo-Instruct-2407.jinja, MISTRAL, mistral",
        "Mistral-Small-3.2-24B-Instruct-2506.jinja, MISTRAL, mistral",
        "unsloth-mistral-Devstral-Small-2507.jinja, MISTRAL, mistral",
        "HuggingFaceTB-SmolLM3-3B.jinja, CHATML, hermes",
        "Qwen-Qwen3-0.6B.jinja, CHATML, hermes",
        "Qwen-Qwen2.5-7B-Instruct.jinja, CHATML, hermes",
        "NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja, CHATML, hermes",
        "microsoft-Phi-3.5-mini-instruct.jinja, PHI, hermes",
        "google-gemma-2-2b-it.jinja, GEMMA, hermes",
        "meta-llama-Llama-3.1-8B-Instruct.jinja, LLAMA3, llama3",
        "meta-llama-Llama-3.2-3B-Instruct.jinja, LLAMA3, llama3",
        "meetkai-functionary-medium-v3.1.jinja, LLAMA3, functionary-v3.1",
        "meetkai-functionary-medium-v3.2.jinja, LLAMA3, functionary-v3.2",
        "fireworks-ai-llama-3-firefunction-v2.jinja, LLAMA3, firefunction-v2"
    })
    void detectsTheFamilyItsStopMarkerAndItsToolFormat(String file, ModelFamily family, String format) {
        String source = HuggingFaceOracle.template(file);
        ChatTemplate template = ChatTemplate.fromGguf(source, "<s>", "</s>");
        assertThat(template.family()).isEqualTo(family);
        assertThat(template.toolFormat().name()).isEqualTo(format);
        assertThat(ToolFormats.byName(format).name()).isEqualTo(format);
        if (family == ModelFamily.HARMONY) {
            // harmony rewrites an answer's <|return|> as <|end|> in the history
            assertThat(family.stopStrings())
                    .allSatisfy(stop -> assertThat(source).contains(stop));
            return;
        }
        String prompt = template.render(ANSWERED, List.of(), true);
        String answerEnd = prompt.substring(prompt.indexOf("Hello there!"), prompt.indexOf("Bye"));
        assertThat(family.stopStrings())
                .as(prompt)
                .anySatisfy(stop -> assertThat(answerEnd).contains(stop));
    }

    static Stream<Arguments> reasoningThenCall() {
        return Stream.of(
                Arguments.of(
                        "openai-gpt-oss-120b.jinja",
                        "<|channel|>analysis<|message|>Paris is in France.<|end|>"
                                + "<|start|>assistant<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>"
                                + "{\"city\": \"Paris\"}"),
                Arguments.of(
                        "mistralai-Ministral-3-14B-Reasoning-2512.jinja",
                        "[THINK]Paris is in France.[/THINK]" + "[TOOL_CALLS]get_weather[ARGS]{\"city\": \"Paris\"}"),
                Arguments.of(
                        "MiniMax-M2.jinja",
                        "Paris is in France.\n</think>\n<minimax:tool_call>\n<invoke "
                                + "name=\"get_weather\">\n<parameter name=\"city\">Paris</parameter>\n</invoke>\n"
                                + "</minimax:tool_call>"),
                Arguments.of(
                        "MiniMax-M3.jinja",
                        "<mm:think>Paris is in France.</mm:think>]<]minimax[>[<tool_call>\n"
                                + "]<]minimax[>[<invoke name=\"get_weather\">]<]minimax[>[<city>Paris]<]minimax[>[</city>"
                                + "]<]minimax[>[</invoke>\n]<]minimax[>[</tool_call>"),
                Arguments.of(
                        "CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja",
                        "<|START_THINKING|>Paris is in "
                                + "France.<|END_THINKING|><|START_ACTION|>[{\"tool_call_id\": \"0\", \"tool_name\": "
                                + "\"get_weather\", \"parameters\": {\"city\": \"Paris\"}}]<|END_ACTION|>"),
                Arguments.of(
                        "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja",
                        "<think>Paris is in France.</think>"
                                + "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n"
                                + "{\"city\": \"Paris\"}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>"));
    }

    @ParameterizedTest
    @MethodSource("reasoningThenCall")
    void theFamilysParserSplitsReasoningFromTheCall(String file, String output) {
        ChatTemplate template = ChatTemplate.fromGguf(HuggingFaceOracle.template(file), "", "");
        String prompt = template.render(Conversations.TOOL_ROUND_TRIP, Conversations.TOOLS, true);
        ToolCallParser parser = template.toolFormat().newParser(32_768);
        List<ModelEvent> events = new ArrayList<>();
        if (template.opensThinking(prompt)) {
            events.addAll(parser.feed("<think>"));
        }
        output.codePoints().forEach(cp -> events.addAll(parser.feed(Character.toString(cp))));
        events.addAll(parser.finish());
        assertThat(events.stream()
                        .filter(e -> e instanceof ModelEvent.Thinking)
                        .map(e -> ((ModelEvent.Thinking) e).text())
                        .reduce("", String::concat)
                        .strip())
                .isEqualTo("Paris is in France.");
        assertThat(events.stream()
                        .filter(e -> e instanceof ModelEvent.Text)
                        .map(e -> ((ModelEvent.Text) e).text())
                        .reduce("", String::concat))
                .isBlank();
        assertThat(events.getLast())
                .as(events + " for " + output)
                .isInstanceOfSatisfying(ModelEvent.Call.class, call -> {
                    assertThat(call.name()).isEqualTo("get_weather");
                    assertThat(call.arguments().path("city").asText()).isEqualTo("Paris");
                });
    }
}
