package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.engine.chat.Message;
import dev.tether.engine.error.EngineException;
import dev.tether.engine.model.ContextFull;
import dev.tether.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Trimming with a renderer that joins contents and a tokenizer that counts characters. */
class PromptFitterTest {

    private final AtomicInteger tokenizations = new AtomicInteger();
    private final PromptFitter fitter = new PromptFitter(
            (messages, tools) -> tools.stream().map(ToolSpec::name).collect(Collectors.joining())
                    + messages.stream().map(Message::content).collect(Collectors.joining("|")),
            text -> {
                tokenizations.incrementAndGet();
                return text.length();
            },
            text -> 2 * text.length());

    private static List<Message> conversation(int turns) {
        List<Message> messages = new ArrayList<>();
        messages.add(Message.system("SYS"));
        for (int i = 0; i < turns; i++) {
            messages.add(Message.user("u" + i));
            messages.add(Message.assistant("a" + i, List.of(), null));
            messages.add(Message.tool("call_" + i, "t", "r" + i));
        }
        return messages;
    }

    @Test
    void keepsEverythingThatFitsWithoutCountingWhenTheBoundSaysSo() {
        PromptFitter.Fitted fitted = fitter.fit(conversation(3), List.of(), 1000);

        assertThat(fitted.droppedMessages()).isZero();
        assertThat(fitted.prompt()).isEqualTo("SYS|u0|a0|r0|u1|a1|r1|u2|a2|r2");
        assertThat(tokenizations).hasValue(0);
    }

    @Test
    void countsExactlyWhenTheBoundIsNotEnough() {
        PromptFitter.Fitted fitted = fitter.fit(conversation(3), List.of(), 40);

        assertThat(fitted.droppedMessages()).isZero();
        assertThat(fitted.tokens()).isEqualTo(30);
        assertThat(tokenizations).hasValue(1);
    }

    @Test
    void dropsTheOldestWholeTurnsButNeverTheSystemMessage() {
        PromptFitter.Fitted fitted = fitter.fit(conversation(10), List.of(), 40);

        assertThat(fitted.prompt()).isEqualTo("SYS|u7|a7|r7|u8|a8|r8|u9|a9|r9");
        assertThat(fitted.tokens()).isLessThanOrEqualTo(40 * 3 / 4);
        assertThat(fitted.droppedMessages()).isEqualTo(21);
    }

    @Test
    void withoutTrimmingSaysHowManyMessagesWouldGoInsteadOfDroppingThem() {
        PromptFitter.Fitted trimmed = fitter.fit(conversation(10), List.of(), 40);
        String whole = conversation(10).stream().map(Message::content).collect(Collectors.joining("|"));

        assertThatThrownBy(() -> fitter.fit(conversation(10), List.of(), 40, false))
                .isInstanceOfSatisfying(ContextFull.class, full -> {
                    assertThat(full.messages()).isEqualTo(trimmed.droppedMessages());
                    assertThat(full.tokens()).isEqualTo(whole.length() - trimmed.tokens());
                });
    }

    @Test
    void withoutTrimmingAPromptThatFitsIsKeptWhole() {
        assertThat(fitter.fit(conversation(3), List.of(), 40, false).droppedMessages())
                .isZero();
    }

    @Test
    void keepsJustTheNewestTurnWhenOnlyItFits() {
        List<Message> messages = new ArrayList<>(conversation(3));
        messages.add(Message.user("x".repeat(40)));

        PromptFitter.Fitted fitted = fitter.fit(messages, List.of(), 46);

        assertThat(fitted.prompt()).isEqualTo("SYS|" + "x".repeat(40));
        assertThat(fitted.droppedMessages()).isEqualTo(9);
    }

    @Test
    void searchesInLogarithmicallyManyTokenizations() {
        fitter.fit(conversation(1000), List.of(), 40);

        assertThat(tokenizations.get()).isLessThan(15);
    }

    @Test
    void anOversizedNewestTurnIsABadRequest() {
        List<Message> messages = new ArrayList<>(conversation(2));
        messages.add(Message.user("x".repeat(100)));

        assertThatThrownBy(() -> fitter.fit(messages, List.of(), 50))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.code()).isEqualTo("context_overflow"));
    }
}
