package dev.tether.engine.template;

import java.util.List;

/**
 * A family of chat formats, recognised from the markers its chat template writes. Each family has a built-in
 * prompt format (used when a model's own template is missing or fails), a native tool-call format and the
 * markers that end an assistant turn.
 */
public enum ModelFamily {
    CHATML("hermes", List.of("<|im_end|>")),
    LLAMA3("llama3", List.of("<|eot_id|>", "<|eom_id|>")),
    MISTRAL("mistral", List.of("</s>")),
    GEMMA("hermes", List.of("<end_of_turn>")),
    PHI("hermes", List.of("<|end|>", "<|endoftext|>"));

    private final String toolFormat;
    private final List<String> stopStrings;

    ModelFamily(String toolFormat, List<String> stopStrings) {
        this.toolFormat = toolFormat;
        this.stopStrings = stopStrings;
    }

    /** The family whose turn markers the template writes; ChatML when there is no template or no known marker. */
    public static ModelFamily detect(String templateSourceOrNull) {
        if (templateSourceOrNull == null) {
            return CHATML;
        }
        String source = templateSourceOrNull;
        if (source.contains("<|im_start|>")) {
            return CHATML;
        }
        if (source.contains("<|start_header_id|>")) {
            return LLAMA3;
        }
        if (source.contains("<start_of_turn>")) {
            return GEMMA;
        }
        if (source.contains("[INST]")) {
            return MISTRAL;
        }
        if (source.contains("<|end|>") && (source.contains("<|user|>") || source.contains("<|assistant|>"))) {
            return PHI;
        }
        return CHATML;
    }

    /** The name of the {@code ToolFormat} models of this family write tool calls in. */
    String toolFormat() {
        return toolFormat;
    }

    List<String> stopStrings() {
        return stopStrings;
    }
}
