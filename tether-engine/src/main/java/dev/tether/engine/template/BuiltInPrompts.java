package dev.tether.engine.template;

import dev.tether.engine.chat.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * The prompt formats Tether writes itself when a model has no usable chat template: one per family, from turns
 * whose tool calls and results are already text ({@link PromptTurn}).
 */
final class BuiltInPrompts {

    private BuiltInPrompts() {
    }

    static String render(ModelFamily family, List<PromptTurn> turns, boolean addGenerationPrompt, String bos) {
        return switch (family) {
            case CHATML -> chatMl(toolResultsAsUser(turns), addGenerationPrompt);
            case LLAMA3 -> llama3(turns, addGenerationPrompt, bos);
            case MISTRAL -> mistral(turns, bos);
            case GEMMA -> gemma(toolResultsAsUser(mergeSystemIntoUser(turns)), addGenerationPrompt, bos);
            case PHI -> phi(toolResultsAsUser(turns), addGenerationPrompt);
        };
    }

    private static String chatMl(List<PromptTurn> turns, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        for (PromptTurn turn : turns) {
            out.append("<|im_start|>").append(turn.role().wireName()).append('\n')
                    .append(turn.content()).append("<|im_end|>\n");
        }
        return addGenerationPrompt ? out.append("<|im_start|>assistant\n").toString() : out.toString();
    }

    private static String llama3(List<PromptTurn> turns, boolean addGenerationPrompt, String bos) {
        StringBuilder out = new StringBuilder(bos);
        for (PromptTurn turn : turns) {
            String role = turn.role() == Role.TOOL ? "ipython" : turn.role().wireName();
            out.append("<|start_header_id|>").append(role).append("<|end_header_id|>\n\n")
                    .append(turn.content().strip()).append("<|eot_id|>");
        }
        return addGenerationPrompt ? out.append("<|start_header_id|>assistant<|end_header_id|>\n\n").toString()
                : out.toString();
    }

    /** Mistral has no system turn: the system text opens the first user turn. */
    private static String mistral(List<PromptTurn> turns, String bos) {
        StringBuilder out = new StringBuilder(bos);
        for (PromptTurn turn : mergeSystemIntoUser(turns)) {
            switch (turn.role()) {
                case USER, SYSTEM -> out.append("[INST] ").append(turn.content()).append("[/INST]");
                case ASSISTANT -> out.append(turn.content()).append("</s>");
                case TOOL -> out.append(turn.content());
            }
        }
        return out.toString();
    }

    private static String gemma(List<PromptTurn> turns, boolean addGenerationPrompt, String bos) {
        StringBuilder out = new StringBuilder(bos);
        for (PromptTurn turn : turns) {
            String role = turn.role() == Role.ASSISTANT ? "model" : "user";
            out.append("<start_of_turn>").append(role).append('\n')
                    .append(turn.content().strip()).append("<end_of_turn>\n");
        }
        return addGenerationPrompt ? out.append("<start_of_turn>model\n").toString() : out.toString();
    }

    private static String phi(List<PromptTurn> turns, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        for (PromptTurn turn : turns) {
            out.append("<|").append(turn.role().wireName()).append("|>\n")
                    .append(turn.content()).append("<|end|>\n");
        }
        return addGenerationPrompt ? out.append("<|assistant|>\n").toString() : out.toString();
    }

    /** Tool results become user turns (adjacent ones joined) for formats without a tool role. */
    static List<PromptTurn> toolResultsAsUser(List<PromptTurn> turns) {
        List<PromptTurn> out = new ArrayList<>();
        for (PromptTurn turn : turns) {
            out.add(turn.role() == Role.TOOL ? turn.as(Role.USER) : turn);
        }
        return PromptTurn.mergeAdjacent(out);
    }

    /** For formats without a system role: the system text opens the first user turn. */
    static List<PromptTurn> mergeSystemIntoUser(List<PromptTurn> turns) {
        if (turns.isEmpty() || turns.getFirst().role() != Role.SYSTEM) {
            return turns;
        }
        String system = turns.getFirst().content();
        List<PromptTurn> rest = new ArrayList<>(turns.subList(1, turns.size()));
        if (!rest.isEmpty() && rest.getFirst().role() == Role.USER) {
            rest.set(0, new PromptTurn(Role.USER, system + "\n\n" + rest.getFirst().content()));
        } else {
            rest.addFirst(new PromptTurn(Role.USER, system));
        }
        return rest;
    }
}
