package dev.tether.engine.parse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tool-call formats Tether understands: by name, and by the call markers a chat template writes. A model
 * family's own format (when its template shows no call marker) is the family's ({@code template.ModelFamily}).
 */
public final class ToolFormats {

    public static final ToolFormat SEED = new SeedFormat();
    public static final ToolFormat HERMES = new HermesFormat();
    public static final ToolFormat LLAMA3 = new Llama3Format();
    public static final ToolFormat MISTRAL = new MistralFormat();
    public static final ToolFormat HARMONY = new HarmonyFormat();
    public static final ToolFormat DEEPSEEK = new DeepSeekFormat();
    public static final ToolFormat COMMAND_R7B = new CommandR7bFormat();
    public static final ToolFormat COMMAND_R_PLUS = new CommandRPlusFormat();
    public static final ToolFormat GRANITE = new GraniteFormat();
    public static final ToolFormat FUNCTIONARY_V31 = new FunctionaryV31Format();
    public static final ToolFormat FUNCTIONARY_V32 = new FunctionaryV32Format();
    public static final ToolFormat FIREFUNCTION_V2 = new FireFunctionV2Format();
    public static final ToolFormat MINIMAX_M2 = new MiniMaxM2Format();
    public static final ToolFormat MINIMAX_M3 = new MiniMaxM3Format();

    private static final Map<String, ToolFormat> BY_NAME = new LinkedHashMap<>();

    /** The order templates are searched in: hermes' {@code <tool_call>} late, as others write it too (MiniMax M3). */
    private static final List<ToolFormat> BY_TEMPLATE = List.of(
            DEEPSEEK,
            COMMAND_R7B,
            GRANITE,
            FIREFUNCTION_V2,
            FUNCTIONARY_V32,
            COMMAND_R_PLUS,
            MINIMAX_M2,
            MINIMAX_M3,
            HERMES,
            FUNCTIONARY_V31);

    static {
        for (ToolFormat format : List.of(
                SEED,
                HERMES,
                LLAMA3,
                MISTRAL,
                HARMONY,
                DEEPSEEK,
                COMMAND_R7B,
                COMMAND_R_PLUS,
                GRANITE,
                FUNCTIONARY_V31,
                FUNCTIONARY_V32,
                FIREFUNCTION_V2,
                MINIMAX_M2,
                MINIMAX_M3)) {
            BY_NAME.put(format.name(), format);
        }
    }

    private ToolFormats() {}

    /** The format called {@code name}; IllegalArgumentException naming the known ones if there is none. */
    public static ToolFormat byName(String name) {
        ToolFormat format = BY_NAME.get(name);
        if (format == null) {
            throw new IllegalArgumentException(
                    "unknown tool format '" + name + "' (known: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return format;
    }

    /** The formats Tether can write into a prompt itself, by name. */
    public static List<String> writable() {
        return BY_NAME.values().stream()
                .filter(f -> f.promptSyntax().isPresent())
                .map(ToolFormat::name)
                .toList();
    }

    /** The format a chat template teaches, told by the call markers it writes; empty when it writes none. */
    public static Optional<ToolFormat> taughtBy(String templateSource) {
        if (templateSource == null) {
            return Optional.empty();
        }
        return BY_TEMPLATE.stream()
                .filter(format -> format.taughtBy(templateSource))
                .findFirst();
    }
}
