package dev.tether.engine.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tool-call format a chat template teaches, recognised from the markers it writes for an assistant's calls
 * (DeepSeek's {@code <｜tool▁call▁begin｜>}, Command R7B's {@code <|START_ACTION|>}, …), so that the parser reads
 * what the model was trained to write.
 */
final class NativeToolFormat {

    private static final Map<String, String> MARKERS = new LinkedHashMap<>();

    static {
        MARKERS.put("<｜tool▁call▁begin｜>", "deepseek");
        MARKERS.put("<|START_ACTION|>", "command-r7b");
        MARKERS.put("<|tool_call|>", "granite");
        MARKERS.put("functools[", "firefunction-v2");
        MARKERS.put(">>>all", "functionary-v3.2");
        MARKERS.put("Action:\\n```json", "command-r-plus");
        MARKERS.put("<minimax:tool_call>", "minimax-m2");
        MARKERS.put("]<]minimax[>[", "minimax-m3");
        // last: Granite 4 and others that teach Hermes calls whatever their turn markers
        MARKERS.put("<tool_call>", "hermes");
    }

    private NativeToolFormat() {
    }

    static Optional<String> detect(String source) {
        if (source == null) {
            return Optional.empty();
        }
        Optional<String> marked = MARKERS.entrySet().stream().filter(m -> source.contains(m.getKey()))
                .map(Map.Entry::getValue).findFirst();
        // Qwen3-Coder's XML calls also use <function=, inside <tool_call>; functionary v3.1 writes it bare
        boolean functionary = source.contains("<function=") && !source.contains("<tool_call>");
        return marked.isPresent() || !functionary ? marked : Optional.of("functionary-v3.1");
    }
}
