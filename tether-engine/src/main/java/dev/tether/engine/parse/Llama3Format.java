package dev.tether.engine.parse;

import dev.tether.engine.chat.ToolCall;
import dev.tether.tool.ToolSpec;
import java.util.List;
import java.util.stream.Collectors;

/** Llama 3.x JSON tool calls ({@link Llama3Parser}); the chat template lists the tools. */
final class Llama3Format extends AbstractToolFormat implements PromptSyntax {

    Llama3Format() {
        super("llama3", Llama3Parser::new);
    }

    @Override
    public String instructions(List<ToolSpec> tools, PromptJson json) {
        return "Given the following functions, please respond with a JSON for a function call with its proper "
                + "arguments that best answers the given prompt.\n\n"
                + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name "
                + "and its value}. Do not use variables.\n\n"
                + tools.stream().map(t -> json.dumps(json.tool(t), 4)).collect(Collectors.joining("\n\n"));
    }

    @Override
    public String calls(List<ToolCall> calls, PromptJson json) {
        return calls.stream()
                .map(call -> json.dumps(PromptSyntax.callObject("parameters", call)))
                .collect(Collectors.joining("\n"));
    }
}
