package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * gpt-oss's harmony channels and {@code to=functions.NAME} calls ({@link HarmonyParser}); its chat template lists
 * the tools. Tether writes one commentary message to {@code functions.NAME} per call.
 */
final class HarmonyFormat extends AbstractToolFormat implements PromptSyntax {

    HarmonyFormat() {
        super("harmony", HarmonyParser::new);
    }

    @Override
    public String instructions(List<ToolSpec> tools, PromptJson json) {
        return PromptSyntax.listed(
                tools,
                "a commentary message to the function: <|channel|>commentary "
                        + "to=functions.NAME <|constrain|>json<|message|> and the arguments object",
                json);
    }

    @Override
    public String calls(List<ToolCall> calls, PromptJson json) {
        return calls.stream()
                .map(call -> "<|channel|>commentary to=functions." + call.name()
                        + " <|constrain|>json" + HarmonyParser.MESSAGE + json.dumps(call.arguments())
                        + HarmonyParser.CALL)
                .collect(Collectors.joining(HarmonyParser.START + "assistant"));
    }
}
