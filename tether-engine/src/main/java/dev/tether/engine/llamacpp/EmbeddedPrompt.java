package dev.tether.engine.llamacpp;

import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.model.GenerationRequest;
import dev.tether.engine.template.ChatTemplate;
import dev.tether.tool.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded engine's prompt for one model: the history rendered with Tether's {@link ChatTemplate}, trimmed to
 * the sequence's context, and the strings that end the answer. llama.cpp adds BOS itself when the model says so,
 * so a BOS the template wrote is removed.
 */
record EmbeddedPrompt(GgufHeader header, ChatTemplate template, int sequenceContext) {

    /** The prompt, trimmed to leave room for the answer; {@code process} counts tokens exactly. */
    PromptFitter.Fitted fit(WorkerProcess process, GenerationRequest request) {
        int bos = bosTokens();
        // a token covers at least one byte (special tokens more), so the UTF-8 length bounds the count
        return new PromptFitter(
                        (messages, tools) -> withoutBos(template.render(messages, tools, true)),
                        text -> process.tokenize(text) + bos,
                        text -> text.getBytes(StandardCharsets.UTF_8).length + bos)
                .fit(
                        request.messages(),
                        request.tools(),
                        PromptFitter.promptBudget(
                                sequenceContext, request.options().maxTokens()),
                        request.trimToFit());
    }

    /** The text the engine tokenizes for this conversation (llama.cpp adds BOS itself). */
    String render(List<Message> messages, List<ToolSpec> tools, boolean addGenerationPrompt) {
        return withoutBos(template.render(messages, tools, addGenerationPrompt));
    }

    /** Whether the prompt ends inside an opened reasoning block (the parser must know it is inside). */
    boolean opensThinking(String prompt) {
        return template.opensThinking(prompt);
    }

    /** 1 when llama.cpp puts BOS before the prompt itself, else 0. */
    int bosTokens() {
        return header.flag("tokenizer.ggml.add_bos_token")
                        .orElse(header.string("tokenizer.ggml.model").orElse("").equals("llama"))
                ? 1
                : 0;
    }

    Set<String> stopStrings(ChatOptions options) {
        Set<String> stops = new LinkedHashSet<>(options.stop());
        stops.addAll(template.stopStrings());
        header.token("tokenizer.ggml.eos_token_id").ifPresent(stops::add);
        header.token("tokenizer.ggml.eot_token_id").ifPresent(stops::add);
        header.token("tokenizer.ggml.eom_token_id").ifPresent(stops::add);
        return stops;
    }

    private String withoutBos(String prompt) {
        if (bosTokens() == 1) {
            String bos = header.token("tokenizer.ggml.bos_token_id").orElse("");
            if (!bos.isEmpty() && prompt.startsWith(bos)) {
                return prompt.substring(bos.length());
            }
        }
        return prompt;
    }
}
