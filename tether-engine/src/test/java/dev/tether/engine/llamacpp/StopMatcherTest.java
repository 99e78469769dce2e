package dev.tether.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StopMatcherTest {

    /** The same text fed whole, and one character at a time, gives the same output. */
    @ParameterizedTest
    @CsvSource(
            delimiterString = " ; ",
            value = {
                "hello world<|im_end|>tail ; hello world   ; true",
                "no stop here <|im_    ; no stop here <|im_ ; false",
                "a <|im_start|> b       ; a <|im_start|> b   ; false",
                "x</s>y<|im_end|>       ; x                  ; true",
                "<<<|im_end|>           ; <<                 ; true"
            })
    void releasesTextUpToTheFirstStop(String input, String expected, boolean stopped) {
        List<String> stops = List.of("<|im_end|>", "</s>");
        StopMatcher whole = new StopMatcher(stops);
        String wholeOut = whole.feed(input.strip()) + whole.finish();

        StopMatcher split = new StopMatcher(stops);
        StringBuilder splitOut = new StringBuilder();
        input.strip().chars().forEach(c -> splitOut.append(split.feed(Character.toString(c))));
        splitOut.append(split.finish());

        assertThat(wholeOut).isEqualTo(expected.strip());
        assertThat(splitOut.toString()).isEqualTo(expected.strip());
        assertThat(whole.stopped()).isEqualTo(stopped);
        assertThat(split.stopped()).isEqualTo(stopped);
    }

    @org.junit.jupiter.api.Test
    void holdsBackOnlyAPossibleStopPrefix() {
        StopMatcher m = new StopMatcher(List.of("<|im_end|>"));

        assertThat(m.feed("abc<|im")).isEqualTo("abc");
        assertThat(m.feed("x")).isEqualTo("<|imx");
        assertThat(m.feed("<|im_end|> more")).isEmpty();
        assertThat(m.feed("ignored")).isEmpty();
    }
}
