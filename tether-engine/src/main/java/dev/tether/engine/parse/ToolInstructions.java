package dev.tether.engine.parse;

import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/** Teaching the offered tools, and the {@code tool_choice} demand, in the system message (the history's first). */
public final class ToolInstructions {

    private ToolInstructions() {}

    /**
     * {@code history} with {@code format}'s tool instructions and the {@code tool_choice} demand appended to the
     * system message; unchanged when no tool is offered or there is nothing to say.
     */
    public static List<Message> teach(
            List<Message> history, ToolFormat format, List<ToolSpec> offered, ChatOptions options) {
        return offered.isEmpty() ? history : append(history, format.toolInstructions(offered) + demand(options));
    }

    /**
     * For engines that render the tools in their own chat template: {@code history} with only the
     * {@code tool_choice} demand appended to the system message.
     */
    public static List<Message> demandOnly(List<Message> history, List<ToolSpec> offered, ChatOptions options) {
        return offered.isEmpty() ? history : append(history, demand(options));
    }

    private static String demand(ChatOptions options) {
        ToolChoice choice = options.toolChoice();
        return switch (choice.mode()) {
            case REQUIRED -> "\nYou must call one of these tools before you answer.";
            case NAMED -> "\nYou must call the tool " + choice.toolName() + " before you answer.";
            case AUTO, NONE -> "";
        };
    }

    private static List<Message> append(List<Message> history, String instructions) {
        if (instructions.isBlank()) {
            return history;
        }
        List<Message> copy = new ArrayList<>(history);
        copy.set(0, Message.system(history.getFirst().content() + "\n\n" + instructions.strip()));
        return copy;
    }
}
