package dev.tether.engine.template;

import dev.tether.engine.parse.ToolFormat;
import dev.tether.engine.parse.ToolFormats;
import java.util.List;

/**
 * A family of chat formats, recognised from the markers its chat template writes. Each family has a built-in
 * prompt format (used when a model's own template is missing or fails), the tool-call format its models write when
 * the template shows no call marker of another ({@link ToolFormats#taughtBy}), and the markers that end an assistant
 * turn.
 */
public enum ModelFamily {
    CHATML(ToolFormats.HERMES, List.of("<|im_end|>")),
    LLAMA3(ToolFormats.LLAMA3, List.of("<|eot_id|>", "<|eom_id|>")),
    MISTRAL(ToolFormats.MISTRAL, List.of("</s>")),
    GEMMA(ToolFormats.HERMES, List.of("<end_of_turn>")),
    PHI(ToolFormats.HERMES, List.of("<|end|>", "<|endoftext|>")),
    /** DeepSeek R1 (and its Llama / Qwen distills), V3.1 and later: {@code <｜User｜>…<｜Assistant｜>}. */
    DEEPSEEK(ToolFormats.DEEPSEEK, List.of("<｜end▁of▁sentence｜>")),
    /** Cohere Command R, R+ and R7B: {@code <|START_OF_TURN_TOKEN|><|USER_TOKEN|>…<|END_OF_TURN_TOKEN|>}. */
    COMMAND_R(ToolFormats.COMMAND_R7B, List.of("<|END_OF_TURN_TOKEN|>")),
    /** IBM Granite 3.x and 4: {@code <|start_of_role|>user<|end_of_role|>…<|end_of_text|>}. */
    GRANITE(ToolFormats.GRANITE, List.of("<|end_of_text|>")),
    /** gpt-oss's harmony: {@code <|end|>} only ends a message; the turn ends with the answer or a call. */
    HARMONY(ToolFormats.HARMONY, List.of("<|return|>", "<|call|>")),
    /** MiniMax M2 and M3: {@code ]~b]user\n…[e~[}. */
    MINIMAX(ToolFormats.MINIMAX_M2, List.of("[e~["));

    private final ToolFormat toolFormat;
    private final List<String> stopStrings;

    ModelFamily(ToolFormat toolFormat, List<String> stopStrings) {
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
        if (source.contains("<｜Assistant｜>") || source.contains("<｜User｜>")) {
            return DEEPSEEK;
        }
        if (source.contains("<|START_OF_TURN_TOKEN|>")) {
            return COMMAND_R;
        }
        if (source.contains("<|start_of_role|>")) {
            return GRANITE;
        }
        // harmony writes <|end|> too, so it is told from Phi first
        if (source.contains("<|channel|>") && source.contains("<|start|>")) {
            return HARMONY;
        }
        if (source.contains("]~b]")) {
            return MINIMAX;
        }
        if (source.contains("<|end|>") && (source.contains("<|user|>") || source.contains("<|assistant|>"))) {
            return PHI;
        }
        return CHATML;
    }

    /** The tool-call format models of this family write. */
    ToolFormat toolFormat() {
        return toolFormat;
    }

    List<String> stopStrings() {
        return stopStrings;
    }
}
