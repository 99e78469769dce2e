package dev.tether.engine.template;

import static dev.tether.engine.template.Conversations.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real chat templates of the model families the embedded engine loads, rendered with tool conversations
 * (with and without non-ASCII text) by Tether and by Hugging Face's Jinja2 setup, compared byte for byte.
 */
class HuggingFaceParityTest {

    /** The families the embedded engine loads, by their template in llama.cpp's models/templates. */
    static final List<String> LOADABLE_FAMILIES = List.of(
            "meta-llama-Llama-3.1-8B-Instruct.jinja",
            "meta-llama-Llama-3.2-3B-Instruct.jinja",
            "meta-llama-Llama-3.3-70B-Instruct.jinja",
            "NousResearch-Hermes-2-Pro-Llama-3-8B-tool_use.jinja",
            "NousResearch-Hermes-3-Llama-3.1-8B-tool_use.jinja",
            "Qwen-Qwen2.5-7B-Instruct.jinja",
            "Qwen-QwQ-32B.jinja",
            "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja",
            "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja",
            "deepseek-ai-DeepSeek-V3.1.jinja",
            "microsoft-Phi-3.5-mini-instruct.jinja",
            "google-gemma-2-2b-it.jinja",
            "CohereForAI-c4ai-command-r-plus-tool_use.jinja",
            "CohereForAI-c4ai-command-r7b-12-2024-tool_use.jinja",
            "ibm-granite-granite-3.3-2B-Instruct.jinja",
            "mistralai-Mistral-Nemo-Instruct-2407.jinja",
            "Mistral-Small-3.2-24B-Instruct-2506.jinja",
            "unsloth-mistral-Devstral-Small-2507.jinja",
            "meetkai-functionary-medium-v3.1.jinja",
            "meetkai-functionary-medium-v3.2.jinja",
            "fireworks-ai-llama-3-firefunction-v2.jinja",
            "HuggingFaceTB-SmolLM3-3B.jinja",
            "Qwen-Qwen3-0.6B.jinja");

    private static final ToolSpec SEARCH = new ToolSpec(
            "web_search",
            "Search the web — résumés, 東京",
            json("{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\",\"description\":\"words\"},"
                    + "\"count\":{\"type\":\"integer\",\"enum\":[1,5]}},\"required\":[\"query\"]}"),
            null);

    @Test
    void everyLoadableFamilyRendersExactlyAsHuggingFace() {
        Parity parity = compare(LOADABLE_FAMILIES);
        assertThat(parity.differences()).as("of %d renders", parity.total()).isEmpty();
    }

    @Test
    void theWholeCorpusOfRealTemplatesIsMeasured() throws IOException {
        List<String> all;
        try (Stream<Path> files = Files.list(HuggingFaceOracle.templates())) {
            all = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jinja"))
                    .sorted()
                    .toList();
        }
        Parity parity = compare(all);
        Path report = Path.of("target", "hf-template-parity.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(
                report,
                parity.identical() + " of " + parity.total() + " renders byte-identical\n"
                        + String.join("\n", parity.differences()) + "\n");
        assertThat(parity.identical() * 100 / parity.total())
                .as("see %s", report)
                .isGreaterThanOrEqualTo(95);
    }

    record Parity(int identical, int total, List<String> differences) {}

    static Parity compare(List<String> files) {
        List<HuggingFaceOracle.Case> cases = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String file : files) {
            String template = HuggingFaceOracle.template(file);
            for (Map.Entry<String, Map<String, Object>> context : contexts().entrySet()) {
                cases.add(new HuggingFaceOracle.Case(template, context.getValue()));
                labels.add(file + " / " + context.getKey());
            }
        }
        List<HuggingFaceOracle.Result> expected = HuggingFaceOracle.render(cases);
        int identical = 0;
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String actual;
            String error = null;
            try {
                actual = JinjaRenderer.render(
                        cases.get(i).template(), cases.get(i).context());
            } catch (TemplateException e) {
                actual = null;
                error = e.getMessage();
            }
            HuggingFaceOracle.Result oracle = expected.get(i);
            boolean same =
                    oracle.prompt() == null ? actual == null : oracle.prompt().equals(actual);
            if (same) {
                identical++;
            } else {
                differences.add(labels.get(i) + " ("
                        + (actual == null
                                ? "Tether: " + error
                                : oracle.prompt() == null
                                        ? "Python: " + oracle.error()
                                        : firstDifference(oracle.prompt(), actual))
                        + ")");
            }
        }
        return new Parity(identical, cases.size(), differences);
    }

    private static String firstDifference(String expected, String actual) {
        int i = 0;
        while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        return "at " + i + ": expected «" + snippet(expected, i) + "» got «" + snippet(actual, i) + "»";
    }

    private static String snippet(String text, int at) {
        return text.substring(Math.max(0, at - 20), Math.min(text.length(), at + 40))
                .replace("\n", "\\n");
    }

    /** Each conversation as the template context Tether builds; ids are 9 characters, as Mistral's insist. */
    static Map<String, Map<String, Object>> contexts() {
        Map<String, Map<String, Object>> contexts = new java.util.LinkedHashMap<>();
        contexts.put("chat", context(Conversations.SIMPLE, List.of(), true));
        contexts.put("tool round trip", context(Conversations.TOOL_ROUND_TRIP, Conversations.TOOLS, false));
        contexts.put(
                "tool call pending",
                context(Conversations.TOOL_ROUND_TRIP.subList(0, 4), List.of(Conversations.WEATHER, SEARCH), true));
        contexts.put("non-ASCII tool round trip", context(nonAscii(), List.of(SEARCH, Conversations.WEATHER), true));
        return contexts;
    }

    private static List<Message> nonAscii() {
        return List.of(
                Message.system("Réponds en français — brièvement."),
                Message.user("Quel temps à Zürich? 天気は？ 🌦"),
                Message.assistant(
                        "Je vérifie…",
                        List.of(
                                new ToolCall("call_a", "get_weather", json("{\"city\":\"Zürich\"}")),
                                new ToolCall(
                                        "call_b",
                                        "web_search",
                                        json("{\"query\":\"météo \\\"Zürich\\\"\",\"count\":5}"))),
                        null),
                Message.tool("call_a", "get_weather", "{\"temp_c\": -2.5, \"sky\": \"neige ❄\"}"),
                Message.tool("call_b", "web_search", "[\"MétéoSuisse: froid\"]"),
                Message.assistant("Il neige à Zürich (−2,5 °C).", List.of(), FinishReason.STOP),
                Message.user("Merci 🙏"));
    }

    private static Map<String, Object> context(List<Message> messages, List<ToolSpec> tools, boolean generation) {
        Map<String, Object> context = new HashMap<>();
        context.put("messages", TemplateValues.messages(messages, false, TemplateValues::nineCharacterId));
        context.put("tools", TemplateValues.tools(tools));
        context.put("add_generation_prompt", generation);
        context.put("bos_token", "<s>");
        context.put("eos_token", "</s>");
        return context;
    }
}
