package dev.tether.engine.template;

import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.parse.PromptSyntax;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One turn of a conversation written out as plain text: tool calls and tool results rendered in a tool format's
 * prompt syntax and the tool list added to the system turn, for formats that know nothing of tools.
 */
record PromptTurn(Role role, String content) {

    static List<PromptTurn> of(List<Message> messages, List<ToolSpec> tools, PromptSyntax syntax) {
        List<PromptTurn> turns = new ArrayList<>();
        for (Message message : messages) {
            turns.add(new PromptTurn(message.role(), text(message, syntax)));
        }
        if (!tools.isEmpty()) {
            String instructions = syntax.instructions(tools, TemplateJson.INSTANCE);
            if (!turns.isEmpty() && turns.getFirst().role() == Role.SYSTEM) {
                String system = turns.getFirst().content();
                String merged = system.isEmpty() ? instructions : system + "\n\n" + instructions;
                turns.set(0, new PromptTurn(Role.SYSTEM, merged));
            } else {
                turns.addFirst(new PromptTurn(Role.SYSTEM, instructions));
            }
        }
        return turns;
    }

    private static String text(Message message, PromptSyntax syntax) {
        if (message.role() == Role.TOOL) {
            return syntax.result(message.content());
        }
        if (message.toolCalls().isEmpty()) {
            return message.content();
        }
        String calls = syntax.calls(message.toolCalls(), TemplateJson.INSTANCE);
        return message.content().isEmpty() ? calls : message.content() + "\n" + calls;
    }

    /** Joins adjacent turns of one role (after tool results became user turns) for formats that must alternate. */
    static List<PromptTurn> mergeAdjacent(List<PromptTurn> turns) {
        List<PromptTurn> merged = new ArrayList<>();
        for (PromptTurn turn : turns) {
            if (!merged.isEmpty() && merged.getLast().role() == turn.role() && turn.role() != Role.SYSTEM) {
                PromptTurn last = merged.removeLast();
                merged.add(new PromptTurn(turn.role(), last.content() + "\n" + turn.content()));
            } else {
                merged.add(turn);
            }
        }
        return merged;
    }

    PromptTurn as(Role newRole) {
        return new PromptTurn(newRole, content);
    }
}
