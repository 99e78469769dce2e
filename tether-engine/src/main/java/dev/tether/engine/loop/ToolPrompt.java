package dev.tether.engine.loop;

import dev.tether.engine.chat.ChatOptions;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolChoice;
import dev.tether.engine.parse.ToolFormat;
import dev.tether.tool.ToolSpec;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What turns and stateless completions share: teaching the offered tools in the system message, and call ids. */
final class ToolPrompt {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ToolPrompt() {
    }

    /**
     * {@code history} (system message first) with the format's tool instructions and the {@code tool_choice} demand
     * appended to the system message; unchanged when no tool is offered or the format teaches nothing.
     */
    static List<Message> withInstructions(List<Message> history, ToolFormat format, List<ToolSpec> offered,
                                          ChatOptions options) {
        if (offered.isEmpty()) {
            return history;
        }
        String instructions = format.toolInstructions(offered);
        ToolChoice choice = options.toolChoice();
        if (choice.mode() == ToolChoice.Mode.REQUIRED) {
            instructions += "\nYou must call one of these tools before you answer.";
        } else if (choice.mode() == ToolChoice.Mode.NAMED) {
            instructions += "\nYou must call the tool " + choice.toolName() + " before you answer.";
        }
        if (instructions.isBlank()) {
            return history;
        }
        List<Message> copy = new ArrayList<>(history);
        copy.set(0, Message.system(history.getFirst().content() + "\n\n" + instructions.strip()));
        return copy;
    }

    static boolean requiresTool(ChatOptions options) {
        ToolChoice.Mode mode = options.toolChoice().mode();
        return mode == ToolChoice.Mode.REQUIRED || mode == ToolChoice.Mode.NAMED;
    }

    /** A fresh id for a tool call the model made: {@code call_} and 24 hex digits. */
    static String newCallId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "call_" + HexFormat.of().formatHex(bytes);
    }
}
