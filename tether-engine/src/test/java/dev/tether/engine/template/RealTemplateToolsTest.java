package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.TOOLS;
import static dev.tether.engine.template.Conversations.TOOL_ROUND_TRIP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.parse.ToolFormats;
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

/** The real templates of the loadable families through ChatTemplate: the tool format each teaches, and its tools. */
class RealTemplateToolsTest {

    private final Logger logger = Logger.getLogger(ChatTemplate.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel() == Level.WARNING) {
                warnings.add(record);
            }
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

    /** Command R+'s template, as Hugging Face renders it, needs a description on every parameter. */
    private static final List<dev.tether.tool.ToolSpec> DESCRIBED = List.of(new dev.tether.tool.ToolSpec(
            "get_weather",
            "Current weather for a city",
            Conversations.json("{\"type\":\"object\",\"properties\":"
                    + "{\"city\":{\"type\":\"string\",\"description\":\"the city\"}},\"required\":[\"city\"]}"),
            null));

    private static ChatTemplate template(String file) {
        return ChatTemplate.fromGguf(HuggingFaceOracle.template(file), "<s>", "</s>");
    }

    @ParameterizedTest
    @CsvSource({
        "meta-llama-Llama-3.1-8B-Instruct.jinja, llama3",
        "meta-llama-Llama-3.3-70B-Instruct.jinja, llama3",
        "NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja, hermes",
        "Qwen-Qwen2.5-7B-Instruct.jinja, hermes",
        "Qwen-QwQ-32B.jinja, hermes",
        "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja, deepseek",
        "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja, deepseek",
        "deepseek-ai-DeepSeek-V3.1.jinja, deepseek",
        "CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja, command-r7b",
        "CohereForAI-c4ai-command-r-plus-tool_use.jinja, command-r-plus",
        "ibm-granite-granite-3.3-2B-Instruct.jinja, granite",
        "mistralai-Mistral-Nemo-Instruct-2407.jinja, mistral",
        "meetkai-functionary-medium-v3.1.jinja, functionary-v3.1",
        "meetkai-functionary-medium-v3.2.jinja, functionary-v3.2",
        "fireworks-ai-llama-3-firefunction-v2.jinja, firefunction-v2",
        "openai-gpt-oss-120b.jinja, harmony",
        "mistralai-Ministral-3-14B-Reasoning-2512.jinja, mistral",
        "ibm-granite-granite-4.0.jinja, hermes",
        "MiniMax-M2.jinja, minimax-m2",
        "MiniMax-M3.jinja, minimax-m3"
    })
    void eachFamilyIsReadInTheFormatItsTemplateTeachesAndRendersItsToolsWithoutFallingBack(String file, String format) {
        ChatTemplate template = template(file);
        assertThat(template.toolFormat().name()).isEqualTo(format);
        assertThat(ToolFormats.byName(format).name()).isEqualTo(format);
        String prompt = template.render(TOOL_ROUND_TRIP, DESCRIBED, true);
        assertThat(prompt).contains("get_weather", "Current weather for a city", "Weather in Paris?", "18°C in Paris.");
        assertThat(warnings).extracting(LogRecord::getMessage).isEmpty();
    }

    @Test
    void llama31GetsItsToolsFromItsOwnTemplate() {
        String prompt = template("meta-llama-Llama-3.1-8B-Instruct.jinja").render(TOOL_ROUND_TRIP, TOOLS, true);
        assertThat(prompt)
                .contains("Given the following functions, please respond with a JSON for a function call")
                .contains("\"name\": \"get_weather\"")
                .contains("<|start_header_id|>ipython<|end_header_id|>\n\n\"{\\\"temp_c\\\": 18}\"<|eot_id|>");
    }

    @Test
    void deepSeekTemplatesGetDeepSeekToolTokensNotHermesText() {
        for (String file :
                List.of("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", "deepseek-ai-DeepSeek-V3.1.jinja")) {
            String prompt = template(file).render(TOOL_ROUND_TRIP, TOOLS, true);
            assertThat(prompt)
                    .as(file)
                    .contains("You have access to the following tools", "### get_weather", "<｜tool▁call▁begin｜>")
                    .doesNotContain("<tool_call>", "<tools>");
        }
        assertThat(warnings).extracting(LogRecord::getMessage).isEmpty();
    }
}
