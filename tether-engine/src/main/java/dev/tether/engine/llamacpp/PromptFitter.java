package dev.tether.engine.llamacpp;

import dev.tether.engine.chat.ChatEvent.ErrorEvent;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.Role;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.error.ErrorCode;
import dev.tether.engine.model.ContextFull;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;

/**
 * Makes a conversation fit a sequence's context: drops the oldest whole turns (a user message with the assistant
 * messages and tool results that answer it), never the system message or the tools, and never the newest turn.
 * When it must trim, it trims to three quarters of the budget, so the next turns extend a stable prefix that the
 * engine's prompt cache can reuse instead of trimming (and re-reading the prompt) on every turn. Binary search over
 * how many turns to drop keeps the number of tokenizations logarithmic.
 */
final class PromptFitter {

    /** The prompt to run, at most {@code tokens} tokens long, and how many messages were left out. */
    record Fitted(String prompt, int tokens, int droppedMessages) {}

    private final BiFunction<List<Message>, List<ToolSpec>, String> render;
    private final ToIntFunction<String> tokens;
    private final ToIntFunction<String> upperBound;

    /**
     * {@code tokens} counts exactly (a round trip to the engine); {@code upperBound} is a cheap bound that saves
     * the count when the prompt clearly fits.
     */
    PromptFitter(
            BiFunction<List<Message>, List<ToolSpec>, String> render,
            ToIntFunction<String> tokens,
            ToIntFunction<String> upperBound) {
        this.render = render;
        this.tokens = tokens;
        this.upperBound = upperBound;
    }

    Fitted fit(List<Message> messages, List<ToolSpec> tools, int budget) {
        return fit(messages, tools, budget, true);
    }

    /**
     * As {@link #fit(List, List, int)}; with {@code trim} false, a prompt that would lose turns is not sent: a
     * {@link ContextFull} says how many of the oldest messages would have to go.
     */
    Fitted fit(List<Message> messages, List<ToolSpec> tools, int budget, boolean trim) {
        List<Message> head = messages.isEmpty() || messages.getFirst().role() != Role.SYSTEM
                ? List.of()
                : List.of(messages.getFirst());
        String whole = render.apply(messages, tools);
        int bound = upperBound.applyAsInt(whole);
        if (bound <= budget) {
            return new Fitted(whole, bound, 0);
        }
        List<List<Message>> turns = turns(messages.subList(head.size(), messages.size()));
        Fitted all = attempt(head, turns, 0, tools);
        if (all.tokens() <= budget) {
            return all;
        }
        Fitted best = fewestDropsWithin(head, turns, tools, budget * 3 / 4);
        if (best == null) {
            best = turns.size() > 1 ? attempt(head, turns, turns.size() - 1, tools) : all;
            if (best.tokens() > budget) {
                throw new EngineException(
                        ErrorCode.CONTEXT_OVERFLOW,
                        "the newest message does not fit the model's context" + " (" + best.tokens()
                                + " tokens with the system prompt and tools; " + budget + " available)");
            }
        }
        if (!trim) {
            throw new ContextFull(best.droppedMessages(), all.tokens() - best.tokens(), budget);
        }
        return best;
    }

    /** The candidate that drops the fewest turns (at least one) and fits {@code target}; null if none does. */
    private Fitted fewestDropsWithin(List<Message> head, List<List<Message>> turns, List<ToolSpec> tools, int target) {
        int low = 1;
        int high = turns.size() - 1;
        Fitted best = null;
        while (low <= high) {
            int drop = (low + high) >>> 1;
            Fitted candidate = attempt(head, turns, drop, tools);
            if (candidate.tokens() <= target) {
                best = candidate;
                high = drop - 1;
            } else {
                low = drop + 1;
            }
        }
        return best;
    }

    private Fitted attempt(List<Message> head, List<List<Message>> turns, int drop, List<ToolSpec> tools) {
        List<Message> kept = new ArrayList<>(head);
        int dropped = 0;
        for (int i = 0; i < turns.size(); i++) {
            if (i < drop) {
                dropped += turns.get(i).size();
            } else {
                kept.addAll(turns.get(i));
            }
        }
        String prompt = render.apply(kept, tools);
        return new Fitted(prompt, tokens.applyAsInt(prompt), dropped);
    }

    /** The context of one sequence: {@code n_ctx} when set, else the model's training context capped at 4096. */
    static int sequenceContext(int nCtx, GgufHeader header) {
        long trained = header.contextLength();
        return nCtx > 0 ? nCtx : (int) Math.min(4096, trained > 0 ? trained : 4096);
    }

    /** What the prompt may use: the context less room for the answer ({@code max_tokens}, or a quarter of it). */
    static int promptBudget(int sequenceContext, Integer maxTokens) {
        int reserve = maxTokens != null ? Math.min(maxTokens, sequenceContext / 2) : Math.min(512, sequenceContext / 4);
        return sequenceContext - reserve;
    }

    /** The messages a fit kept: the system message and all after the {@code dropped} oldest. */
    static List<Message> kept(List<Message> messages, int dropped) {
        if (dropped == 0) {
            return messages;
        }
        int head = !messages.isEmpty() && messages.getFirst().role() == Role.SYSTEM ? 1 : 0;
        List<Message> kept = new ArrayList<>(messages.subList(0, head));
        kept.addAll(messages.subList(head + dropped, messages.size()));
        return kept;
    }

    /** The {@code context_trimmed} notice when messages were left out. */
    static List<ErrorEvent> notices(Fitted fitted, int sequenceContext) {
        if (fitted.droppedMessages() == 0) {
            return List.of();
        }
        return List.of(new ErrorEvent(
                "the conversation is longer than the model's context (" + sequenceContext + " tokens): the oldest "
                        + fitted.droppedMessages() + " messages were left out of this answer",
                "context_trimmed"));
    }

    /** Groups messages into turns, each starting at a user message. */
    static List<List<Message>> turns(List<Message> messages) {
        List<List<Message>> turns = new ArrayList<>();
        for (Message m : messages) {
            if (turns.isEmpty() || m.role() == Role.USER) {
                turns.add(new ArrayList<>());
            }
            turns.getLast().add(m);
        }
        return turns;
    }
}
