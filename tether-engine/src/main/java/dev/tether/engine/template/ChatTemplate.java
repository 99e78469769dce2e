package dev.tether.engine.template;

import dev.tether.engine.chat.Message;
import dev.tether.tool.ToolSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Turns a conversation and the tool list into the prompt text a model was trained on. A model's own Jinja chat
 * template (from its GGUF) is rendered when it works; otherwise the built-in format of the detected family is used,
 * and the log says so. A template that does not mention tools still gets them: the tool list and call syntax are
 * added to the system message and tool calls and results are written out as text.
 */
public final class ChatTemplate {

    private static final Logger LOG = Logger.getLogger(ChatTemplate.class.getName());
    private static final Pattern MENTIONS_TOOLS = Pattern.compile("\\btools\\b");
    private static final Pattern COMMENT = Pattern.compile("\\{#.*?#}", Pattern.DOTALL);

    private final String source;
    private final ModelFamily family;
    private final String bosToken;
    private final String eosToken;
    private final String toolFormat;
    private final boolean nativeTools;
    private volatile boolean fallbackLogged;

    private ChatTemplate(String source, ModelFamily family, String bosToken, String eosToken, String toolFormat) {
        this.source = source;
        this.family = family;
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
        this.toolFormat = toolFormat;
        this.nativeTools = source != null && toolFormat.equals(family.toolFormat())
                && MENTIONS_TOOLS.matcher(COMMENT.matcher(source).replaceAll("")).find();
    }

    /** The model's own template; a missing or blank one means the built-in format of the detected family. */
    public static ChatTemplate fromGguf(String jinjaSourceOrNull, String bosToken, String eosToken) {
        ModelFamily family = ModelFamily.detect(jinjaSourceOrNull);
        if (jinjaSourceOrNull == null || jinjaSourceOrNull.isBlank()) {
            LOG.info(() -> "the model has no chat template; using the built-in " + family + " format");
            return builtIn(family, bosToken, eosToken);
        }
        Optional<String> unsupported = JinjaCompat.unsupported(jinjaSourceOrNull);
        if (unsupported.isPresent()) {
            LOG.warning(() -> "the model's chat template cannot be rendered (" + unsupported.get()
                    + "); using the built-in " + family + " format");
            return builtIn(family, bosToken, eosToken);
        }
        return new ChatTemplate(JinjaCompat.rewrite(jinjaSourceOrNull), family, bosToken, eosToken,
                family.toolFormat());
    }

    public static ChatTemplate builtIn(ModelFamily family, String bosToken, String eosToken) {
        Objects.requireNonNull(family, "family");
        return new ChatTemplate(null, family, bosToken, eosToken, family.toolFormat());
    }

    /**
     * This template teaching another tool-call format ({@code hermes}, {@code llama3}, {@code mistral} or
     * {@code seed}) than its family's: the tools, calls and results are then written in that format's syntax, even
     * where the model's template could render tools itself.
     */
    public ChatTemplate withToolFormat(String toolFormatName) {
        ToolSyntax.of(toolFormatName);
        return toolFormatName.equals(toolFormat) ? this
                : new ChatTemplate(source, family, bosToken, eosToken, toolFormatName);
    }

    /**
     * The full prompt, tools included; ends with the assistant's header when {@code addGenerationPrompt}. It starts
     * with the BOS token's text where the template writes it, so tokenize it with special tokens parsed and without
     * adding another BOS.
     */
    public String render(List<Message> messages, List<ToolSpec> tools, boolean addGenerationPrompt) {
        if (source != null) {
            try {
                return nativeTools ? renderNative(messages, tools, addGenerationPrompt)
                        : renderJinja(toollessMessages(messages, tools), null, addGenerationPrompt);
            } catch (TemplateException e) {
                logFallback(e);
            }
        }
        List<PromptTurn> turns = PromptTurn.of(messages, tools, ToolSyntax.of(toolFormat));
        if (!toolFormat.equals(family.toolFormat())) {
            turns = BuiltInPrompts.toolResultsAsUser(turns);
        }
        return BuiltInPrompts.render(family, turns, addGenerationPrompt, bosToken);
    }

    /**
     * Whether {@code prompt} (from {@link #render}) ends by opening the model's reasoning, as reasoning models'
     * templates do: the output then starts inside {@code <think>}, so feed the parser {@code "<think>"} first.
     */
    public boolean opensThinking(String prompt) {
        return prompt.stripTrailing().endsWith("<think>");
    }

    public ModelFamily family() {
        return family;
    }

    /** The {@code ToolFormat} name whose parser reads this model's tool calls. */
    public String toolFormat() {
        return toolFormat;
    }

    /** The markers that end an assistant turn, the model's end-of-sequence token included. */
    public List<String> stopStrings() {
        List<String> stops = new ArrayList<>(family.stopStrings());
        if (!eosToken.isEmpty() && !stops.contains(eosToken)) {
            stops.add(eosToken);
        }
        return List.copyOf(stops);
    }

    /** Arguments go in as objects (as Hugging Face passes them); templates that need strings get a second try. */
    private String renderNative(List<Message> messages, List<ToolSpec> tools, boolean addGenerationPrompt) {
        try {
            return renderJinja(TemplateValues.messages(messages, false, ids()), TemplateValues.tools(tools),
                    addGenerationPrompt);
        } catch (TemplateException e) {
            if (messages.stream().allMatch(m -> m.toolCalls().isEmpty())) {
                throw e;
            }
            return renderJinja(TemplateValues.messages(messages, true, ids()), TemplateValues.tools(tools),
                    addGenerationPrompt);
        }
    }

    private UnaryOperator<String> ids() {
        return family == ModelFamily.MISTRAL ? TemplateValues::nineCharacterId : UnaryOperator.identity();
    }

    private List<Map<String, Object>> toollessMessages(List<Message> messages, List<ToolSpec> tools) {
        List<PromptTurn> turns = PromptTurn.of(messages, tools, ToolSyntax.of(toolFormat));
        List<Map<String, Object>> out = new ArrayList<>();
        for (PromptTurn turn : BuiltInPrompts.toolResultsAsUser(turns)) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", turn.role().wireName());
            map.put("content", turn.content());
            out.add(map);
        }
        return out;
    }

    private String renderJinja(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                               boolean addGenerationPrompt) {
        Map<String, Object> context = new HashMap<>();
        context.put("messages", messages);
        context.put("tools", tools);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        // templates ask "strftime_now is defined" before calling it; a function alone is not a defined name
        context.put("strftime_now", true);
        return JinjaRenderer.render(source, context);
    }

    private void logFallback(TemplateException e) {
        Level level = fallbackLogged ? Level.FINE : Level.WARNING;
        fallbackLogged = true;
        LOG.log(level, () -> "the model's chat template failed (" + e.getMessage() + "); using the built-in "
                + family + " format");
    }
}
