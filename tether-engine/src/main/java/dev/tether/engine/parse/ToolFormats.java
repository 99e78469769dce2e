package dev.tether.engine.parse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The tool-call formats Tether understands, by name: {@code seed}, {@code hermes}, {@code llama3}, {@code mistral},
 * {@code deepseek}, {@code command-r7b}, {@code command-r-plus}, {@code granite}, {@code functionary-v3.1},
 * {@code functionary-v3.2}, {@code firefunction-v2}, {@code harmony} (gpt-oss), {@code minimax-m2}, {@code minimax-m3}.
 */
public final class ToolFormats {

    private static final Map<String, Supplier<ToolFormat>> FORMATS = new LinkedHashMap<>();

    static {
        FORMATS.put("seed", SeedFormat::new);
        FORMATS.put("hermes", HermesFormat::new);
        FORMATS.put("llama3", Llama3Format::new);
        FORMATS.put("mistral", MistralFormat::new);
        FORMATS.put("harmony", HarmonyFormat::new);
        for (MarkedSyntax syntax : MarkedFormats.all()) {
            FORMATS.put(syntax.name(), () -> new MarkedFormat(syntax));
        }
    }

    private ToolFormats() {
    }

    /** The format called {@code name}; IllegalArgumentException naming the known ones if there is none. */
    public static ToolFormat byName(String name) {
        Supplier<ToolFormat> format = FORMATS.get(name);
        if (format == null) {
            throw new IllegalArgumentException("unknown tool format '" + name + "' (known: "
                    + String.join(", ", FORMATS.keySet()) + ")");
        }
        return format.get();
    }

    public static ToolFormat seed() {
        return byName("seed");
    }

    public static Set<String> names() {
        return FORMATS.keySet();
    }
}
