package dev.tether.engine.scripted;

import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.ContextFull;
import java.util.ArrayList;
import java.util.List;

/**
 * The scripted model's context ({@code context_chars}, counted in characters of the messages' text; 0: none), so
 * that demos and tests see a long conversation trimmed or compacted as on a local model: the oldest whole turns go
 * (to three quarters of the context), never the system message or the newest turn.
 */
record ScriptedContext(int chars) {

    /** The messages that fit, and the notice when some were left out. */
    record Fitted(List<Message> messages, List<ErrorEvent> notices) {}

    Fitted fit(List<Message> messages, boolean trim) {
        int total = size(messages);
        if (chars <= 0 || total <= chars) {
            return new Fitted(messages, List.of());
        }
        int head = !messages.isEmpty() && messages.getFirst().role() == Role.SYSTEM ? 1 : 0;
        int newest = messages.size() - 1;
        while (newest > head && messages.get(newest).role() != Role.USER) {
            newest--;
        }
        int drop = head;
        int left = total;
        while (drop < newest && (left > chars * 3 / 4 || messages.get(drop).role() != Role.USER)) {
            left -= messages.get(drop).content().length();
            drop++;
        }
        if (left > chars) {
            throw new EngineException(
                    ErrorCode.CONTEXT_OVERFLOW, "the newest message does not fit the scripted context (" + chars + ")");
        }
        int dropped = drop - head;
        if (!trim) {
            throw new ContextFull(dropped, total - left, chars);
        }
        List<Message> kept = new ArrayList<>(messages.subList(0, head));
        kept.addAll(messages.subList(drop, messages.size()));
        return new Fitted(
                kept,
                List.of(new ErrorEvent(
                        "the conversation is longer than the scripted context (" + chars + " characters): the oldest "
                                + dropped + " messages were left out of this answer",
                        "context_trimmed")));
    }

    private static int size(List<Message> messages) {
        return messages.stream().mapToInt(m -> m.content().length()).sum();
    }
}
