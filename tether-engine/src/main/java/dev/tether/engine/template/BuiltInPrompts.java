package dev.tether.engine.template;

import dev.tether.engine.chat.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The prompt formats Tether writes itself when a model has no usable chat template: one per family, from turns
 * whose tool calls and results are already text ({@link PromptTurn}).
 */
final class BuiltInPrompts {

    private BuiltInPrompts() {}

    static String render(ModelFamily family, List<PromptTurn> turns, boolean addGenerationPrompt, String bos) {
        return switch (family) {
            case CHATML ->
                roles(
                        toolResultsAsUser(turns),
                        "<|im_start|>",
                        "\n",
                        "<|im_end|>\n",
                        Role::wireName,
                        addGenerationPrompt);
            case LLAMA3 ->
                bos
                        + roles(
                                stripped(turns),
                                "<|start_header_id|>",
                                "<|end_header_id|>\n\n",
                                "<|eot_id|>",
                                role -> role == Role.TOOL ? "ipython" : role.wireName(),
                                addGenerationPrompt);
            case MISTRAL -> mistral(turns, bos);
            case GEMMA ->
                bos
                        + roles(
                                stripped(toolResultsAsUser(mergeSystemIntoUser(turns))),
                                "<start_of_turn>",
                                "\n",
                                "<end_of_turn>\n",
                                role -> role == Role.ASSISTANT ? "model" : "user",
                                addGenerationPrompt);
            case PHI -> roles(toolResultsAsUser(turns), "<|", "|>\n", "<|end|>\n", Role::wireName, addGenerationPrompt);
            case DEEPSEEK -> deepSeek(turns, addGenerationPrompt, bos);
            case COMMAND_R -> commandR(turns, addGenerationPrompt, bos);
            case GRANITE ->
                roles(
                        turns,
                        "<|start_of_role|>",
                        "<|end_of_role|>",
                        "<|end_of_text|>\n",
                        Role::wireName,
                        addGenerationPrompt);
            case HARMONY -> harmony(turns, addGenerationPrompt);
            case MINIMAX ->
                roles(
                        turns,
                        "]~b]",
                        "\n",
                        "[e~[\n",
                        role -> role == Role.ASSISTANT ? "ai" : role.wireName(),
                        addGenerationPrompt);
        };
    }

    /** The system text, then {@code <｜User｜>} and {@code <｜Assistant｜>} turns; tool outputs in their own tokens. */
    private static String deepSeek(List<PromptTurn> turns, boolean addGenerationPrompt, String bos) {
        StringBuilder out = new StringBuilder(bos);
        for (PromptTurn turn : turns) {
            out.append(
                    switch (turn.role()) {
                        case SYSTEM -> turn.content();
                        case USER -> "<｜User｜>" + turn.content();
                        case ASSISTANT -> "<｜Assistant｜>" + turn.content() + "<｜end▁of▁sentence｜>";
                        case TOOL -> "<｜tool▁output▁begin｜>" + turn.content() + "<｜tool▁output▁end｜>";
                    });
        }
        return addGenerationPrompt ? out.append("<｜Assistant｜>").toString() : out.toString();
    }

    /** Tool results go back in a system turn, as Command R7B's template writes them. */
    private static String commandR(List<PromptTurn> turns, boolean addGenerationPrompt, String bos) {
        StringBuilder out = new StringBuilder(bos);
        for (PromptTurn turn : turns) {
            String token = switch (turn.role()) {
                case SYSTEM, TOOL -> "<|SYSTEM_TOKEN|>";
                case USER -> "<|USER_TOKEN|>";
                case ASSISTANT -> "<|CHATBOT_TOKEN|>";
            };
            out.append("<|START_OF_TURN_TOKEN|>")
                    .append(token)
                    .append(turn.content())
                    .append("<|END_OF_TURN_TOKEN|>");
        }
        return addGenerationPrompt
                ? out.append("<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>").toString()
                : out.toString();
    }

    /** {@code OPEN role CLOSE content END} per turn, the generation prompt being the assistant's opening. */
    private static String roles(
            List<PromptTurn> turns,
            String open,
            String close,
            String end,
            Function<Role, String> names,
            boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        for (PromptTurn turn : turns) {
            out.append(open)
                    .append(names.apply(turn.role()))
                    .append(close)
                    .append(turn.content())
                    .append(end);
        }
        return addGenerationPrompt
                ? out.append(open)
                        .append(names.apply(Role.ASSISTANT))
                        .append(close)
                        .toString()
                : out.toString();
    }

    /** The system text as developer instructions; an answer on the final channel, calls as written by the syntax. */
    private static String harmony(List<PromptTurn> turns, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        for (PromptTurn turn : toolResultsAsUser(turns)) {
            switch (turn.role()) {
                case SYSTEM ->
                    out.append("<|start|>developer<|message|># Instructions\n\n")
                            .append(turn.content())
                            .append("<|end|>");
                case ASSISTANT -> {
                    int call = turn.content().indexOf("<|channel|>commentary to=functions.");
                    String answer = call < 0
                            ? turn.content()
                            : turn.content().substring(0, call).strip();
                    if (!answer.isEmpty()) {
                        out.append("<|start|>assistant<|channel|>final<|message|>")
                                .append(answer)
                                .append("<|end|>");
                    }
                    if (call >= 0) {
                        out.append("<|start|>assistant").append(turn.content().substring(call));
                    }
                }
                default ->
                    out.append("<|start|>")
                            .append(turn.role().wireName())
                            .append("<|message|>")
                            .append(turn.content())
                            .append("<|end|>");
            }
        }
        return addGenerationPrompt ? out.append("<|start|>assistant").toString() : out.toString();
    }

    /** Mistral has no system turn: the system text opens the first user turn. */
    private static String mistral(List<PromptTurn> turns, String bos) {
        StringBuilder out = new StringBuilder(bos);
        for (PromptTurn turn : mergeSystemIntoUser(turns)) {
            switch (turn.role()) {
                case USER, SYSTEM ->
                    out.append("[INST] ").append(turn.content()).append("[/INST]");
                case ASSISTANT -> out.append(turn.content()).append("</s>");
                case TOOL -> out.append(turn.content());
            }
        }
        return out.toString();
    }

    /** The turns with their text stripped, for formats whose templates strip it. */
    private static List<PromptTurn> stripped(List<PromptTurn> turns) {
        return turns.stream()
                .map(turn -> new PromptTurn(turn.role(), turn.content().strip()))
                .toList();
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
            rest.set(
                    0,
                    new PromptTurn(Role.USER, system + "\n\n" + rest.getFirst().content()));
        } else {
            rest.addFirst(new PromptTurn(Role.USER, system));
        }
        return rest;
    }
}
