package dev.tether.engine.template;

import dev.tether.engine.chat.Message;
import dev.tether.engine.parse.PromptSyntax;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
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
    private static final Pattern MENTIONS_CALLS = Pattern.compile("\\btool_calls\\b");
    private static final Pattern COMMENT = Pattern.compile("\\{#.*?#}", Pattern.DOTALL);

    private final String source;
    private final JinjaLimits limits;
    private final JinjaRenderer renderer;
    private final String unusable;
    private final ModelFamily family;
    private final String bosToken;
    private final String eosToken;
    private final ToolFormat toolFormat;
    private final ToolRendering toolRendering;

    /** How tools reach the prompt: the template renders them, renders only calls, or knows nothing of them. */
    private enum ToolRendering {
        NATIVE,
        CALLS_ONLY,
        AS_TEXT
    }

    private ChatTemplate(
            String source,
            JinjaLimits limits,
            ModelFamily family,
            String bosToken,
            String eosToken,
            ToolFormat toolFormat) {
        this.source = source;
        this.limits = limits;
        JinjaRenderer parsed = null;
        String problem = null;
        if (source != null) {
            try {
                parsed = JinjaRenderer.parse(source, limits);
            } catch (TemplateException e) {
                problem = e.getMessage();
            }
        }
        this.renderer = parsed;
        this.unusable = problem;
        this.family = family;
        this.bosToken = bosToken == null ? "" : bosToken;
        this.eosToken = eosToken == null ? "" : eosToken;
        this.toolFormat = toolFormat;
        this.toolRendering = toolRendering(source, toolFormat);
    }

    private static ToolRendering toolRendering(String source, ToolFormat toolFormat) {
        if (source == null) {
            return ToolRendering.AS_TEXT;
        }
        String code = COMMENT.matcher(source).replaceAll("");
        boolean ownFormat = toolFormat == nativeFormat(source);
        // firefunction's template lists the tools from `functions`, which renderJinja passes
        if (ownFormat && (MENTIONS_TOOLS.matcher(code).find() || toolFormat == ToolFormats.FIREFUNCTION_V2)) {
            return ToolRendering.NATIVE;
        }
        boolean writable = toolFormat.promptSyntax().isPresent();
        return ownFormat && writable && MENTIONS_CALLS.matcher(code).find()
                ? ToolRendering.CALLS_ONLY
                : ToolRendering.AS_TEXT;
    }

    /** The format the template's own call markers teach, else its family's. */
    private static ToolFormat nativeFormat(String source) {
        return ToolFormats.taughtBy(source)
                .orElseGet(() -> ModelFamily.detect(source).toolFormat());
    }

    /** The model's own template; a missing or blank one means the built-in format of the detected family. */
    public static ChatTemplate fromGguf(String jinjaSourceOrNull, String bosToken, String eosToken) {
        return fromGguf(jinjaSourceOrNull, bosToken, eosToken, JinjaLimits.DEFAULTS);
    }

    /** As {@link #fromGguf(String, String, String)}, with what one render of the template may cost. */
    public static ChatTemplate fromGguf(
            String jinjaSourceOrNull, String bosToken, String eosToken, JinjaLimits limits) {
        ModelFamily family = ModelFamily.detect(jinjaSourceOrNull);
        if (jinjaSourceOrNull == null || jinjaSourceOrNull.isBlank()) {
            LOG.info(() -> "the model has no chat template; using the built-in " + family + " format");
            return builtIn(family, bosToken, eosToken);
        }
        return new ChatTemplate(jinjaSourceOrNull, limits, family, bosToken, eosToken, nativeFormat(jinjaSourceOrNull));
    }

    public static ChatTemplate builtIn(ModelFamily family, String bosToken, String eosToken) {
        Objects.requireNonNull(family, "family");
        return new ChatTemplate(null, JinjaLimits.DEFAULTS, family, bosToken, eosToken, family.toolFormat());
    }

    /**
     * This template teaching another tool-call format than its family's (one Tether can write:
     * {@link ToolFormats#writable}): the tools, calls and results are then written in that format's syntax, even
     * where the model's template could render tools itself.
     */
    public ChatTemplate withToolFormat(String toolFormatName) {
        ToolFormat format = ToolFormats.byName(toolFormatName);
        if (format.promptSyntax().isEmpty()) {
            throw new IllegalArgumentException("Tether cannot write tool format '" + toolFormatName
                    + "' into a prompt itself (it can: " + String.join(", ", ToolFormats.writable()) + ")");
        }
        return format == toolFormat ? this : new ChatTemplate(source, limits, family, bosToken, eosToken, format);
    }

    /**
     * The full prompt, tools included; ends with the assistant's header when {@code addGenerationPrompt}. It starts
     * with the BOS token's text where the template writes it, so tokenize it with special tokens parsed and without
     * adding another BOS.
     */
    public String render(List<Message> messages, List<ToolSpec> tools, boolean addGenerationPrompt) {
        if (unusable != null) {
            logFallback(unusable);
        } else if (renderer != null) {
            try {
                return switch (toolRendering) {
                    case NATIVE -> renderNative(messages, tools, addGenerationPrompt);
                    case CALLS_ONLY -> renderNative(withInstructions(messages, tools), List.of(), addGenerationPrompt);
                    case AS_TEXT -> renderJinja(toollessMessages(messages, tools), null, addGenerationPrompt);
                };
            } catch (TemplateException e) {
                logFallback(e.getMessage());
            }
        }
        List<PromptTurn> turns = PromptTurn.of(messages, tools, promptSyntax());
        if (toolFormat != family.toolFormat()) {
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

    /** The tool-call format whose parser reads this model's tool calls. */
    public ToolFormat toolFormat() {
        return toolFormat;
    }

    /** How the tools, calls and results are written where the template does not: the format's, else hermes'. */
    private PromptSyntax promptSyntax() {
        return toolFormat.promptSyntax().or(ToolFormats.HERMES::promptSyntax).orElseThrow();
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
            return renderJinja(
                    TemplateValues.messages(messages, false, ids()), TemplateValues.tools(tools), addGenerationPrompt);
        } catch (TemplateException e) {
            if (messages.stream().allMatch(m -> m.toolCalls().isEmpty())) {
                throw e;
            }
            return renderJinja(
                    TemplateValues.messages(messages, true, ids()), TemplateValues.tools(tools), addGenerationPrompt);
        }
    }

    private UnaryOperator<String> ids() {
        return family == ModelFamily.MISTRAL ? TemplateValues::nineCharacterId : UnaryOperator.identity();
    }

    /** The tool list and call syntax in the system message, for templates that render calls but not tools. */
    private List<Message> withInstructions(List<Message> messages, List<ToolSpec> tools) {
        if (tools.isEmpty()) {
            return messages;
        }
        String instructions = promptSyntax().instructions(tools, TemplateJson.INSTANCE);
        List<Message> out = new ArrayList<>(messages);
        if (!out.isEmpty() && out.getFirst().role() == dev.tether.engine.chat.Role.SYSTEM) {
            String system = out.getFirst().content();
            out.set(0, Message.system(system.isEmpty() ? instructions : system + "\n\n" + instructions));
        } else {
            out.addFirst(Message.system(instructions));
        }
        return out;
    }

    private List<Map<String, Object>> toollessMessages(List<Message> messages, List<ToolSpec> tools) {
        List<PromptTurn> turns = PromptTurn.of(messages, tools, promptSyntax());
        List<Map<String, Object>> out = new ArrayList<>();
        for (PromptTurn turn : BuiltInPrompts.toolResultsAsUser(turns)) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", turn.role().wireName());
            map.put("content", turn.content());
            out.add(map);
        }
        return out;
    }

    private String renderJinja(
            List<Map<String, Object>> messages, List<Map<String, Object>> tools, boolean addGenerationPrompt) {
        Map<String, Object> context = new HashMap<>();
        context.put("messages", messages);
        context.put("tools", tools);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        // firefunction's template reads these two, as llama.cpp passes them
        context.put("datetime", JinjaFunctions.strftimeNow("%b %d %Y"));
        context.put(
                "functions",
                tools == null
                        ? "[]"
                        : PythonJson.dumps(
                                tools.stream().map(tool -> tool.get("function")).toList(), 4));
        return renderer.render(context);
    }

    /** Every time, so that a user reading the log sees which construct of which render failed. */
    private void logFallback(String problem) {
        LOG.warning(
                () -> "the model's chat template failed (" + problem + "); using the built-in " + family + " format");
    }
}
