package dev.tether.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.model.ModelEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeedParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ToolCallParser parser() {
        return ToolFormats.SEED.newParser(200);
    }

    private static ObjectNode args(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static List<ModelEvent> whole(String output) {
        return ParserRuns.run(parser(), List.of(output));
    }

    /** Asserts one chunk, one char at a time, and a split at every index give the same events. */
    private static List<ModelEvent> everyChunking(String output) {
        List<ModelEvent> expected = whole(output);
        assertThat(ParserRuns.oneCharAtATime(parser(), output)).isEqualTo(expected);
        for (int i = 1; i < output.length(); i++) {
            if (Character.isLowSurrogate(output.charAt(i))) {
                continue;
            }
            assertThat(ParserRuns.run(parser(), List.of(output.substring(0, i), output.substring(i))))
                    .as("split at %d", i)
                    .isEqualTo(expected);
        }
        return expected;
    }

    @Test
    void plainTextPassesThroughAndIsEmittedAtOnce() {
        assertThat(parser().feed("Hello there")).containsExactly(new ModelEvent.Text("Hello there"));
        assertThat(everyChunking("Hello there")).containsExactly(new ModelEvent.Text("Hello there"));
    }

    @Test
    void onlyAPossibleMarkerPrefixIsHeldBack() {
        ToolCallParser p = parser();
        assertThat(p.feed("Let me check <<func")).containsExactly(new ModelEvent.Text("Let me check "));
        assertThat(p.feed("tion_cal")).isEmpty();
        assertThat(p.feed("l>> {\"name\":\"t\"}")).containsExactly(new ModelEvent.Call("t", JSON.createObjectNode()));
        assertThat(p.finish()).isEmpty();
    }

    @Test
    void aCallBetweenTextIsFound() throws Exception {
        assertThat(everyChunking("Checking. <<function_call>> {\"name\": \"get_current_time\", \"arguments\": "
                        + "{\"timezone\": \"UTC\"}} Done."))
                .containsExactly(
                        new ModelEvent.Text("Checking. "),
                        new ModelEvent.Call("get_current_time", args("{\"timezone\":\"UTC\"}")),
                        new ModelEvent.Text(" Done."));
    }

    @Test
    void whitespaceAndNewlinesAfterTheMarkerAreSkipped() throws Exception {
        assertThat(everyChunking("<<function_call>>\n\n  \t{\"name\":\"a\",\"arguments\":{\"x\":1}}"))
                .containsExactly(new ModelEvent.Call("a", args("{\"x\":1}")));
    }

    @Test
    void bracesQuotesAndEscapesInsideStringsDoNotEndThePayload() throws Exception {
        String payload =
                "{\"name\":\"say\",\"arguments\":{\"text\":\"a } b { \\\"q\\\" \\\\\",\"n\":{\"deep\":[1,{}]}}}";
        assertThat(everyChunking("<<function_call>>" + payload + "!"))
                .containsExactly(
                        new ModelEvent.Call(
                                "say", args("{\"text\":\"a } b { \\\"q\\\" \\\\\",\"n\":{\"deep\":[1,{}]}}")),
                        new ModelEvent.Text("!"));
    }

    @Test
    void unicodeInTextAndArgumentsSurvives() throws Exception {
        assertThat(everyChunking(
                        "Grüße 👋 <<function_call>> {\"name\":\"w\",\"arguments\":{\"city\":\"Zürich 🏔\"}} ok"))
                .containsExactly(
                        new ModelEvent.Text("Grüße 👋 "),
                        new ModelEvent.Call("w", args("{\"city\":\"Zürich 🏔\"}")),
                        new ModelEvent.Text(" ok"));
    }

    @Test
    void aMarkerFollowedByTextIsOrdinaryTextAgain() {
        assertThat(everyChunking("Use <<function_call>> to call tools."))
                .containsExactly(new ModelEvent.Text("Use <<function_call>> to call tools."));
    }

    @Test
    void aPayloadThatNeverClosesIsAnError() {
        List<ModelEvent> events = everyChunking("ok <<function_call>> {\"name\": \"a\", \"arguments\": {");
        assertThat(events).first().isEqualTo(new ModelEvent.Text("ok "));
        assertThat(events.get(1))
                .isInstanceOfSatisfying(
                        ModelEvent.InvalidCall.class,
                        e -> assertThat(e.message()).contains("never closed"));
        assertThat(events).hasSize(2);
    }

    @Test
    void aMarkerAtTheVeryEndIsAnError() {
        assertThat(everyChunking("text <<function_call>>  "))
                .satisfiesExactly(
                        e -> assertThat(e).isEqualTo(new ModelEvent.Text("text ")),
                        e -> assertThat(e).isInstanceOf(ModelEvent.InvalidCall.class));
    }

    @Test
    void aPayloadOverTheLimitIsAnErrorAndIsSkippedWhole() {
        String big = "{\"name\":\"a\",\"arguments\":{\"x\":\"" + "y".repeat(500) + "\"}}";
        List<ModelEvent> events = everyChunking("<<function_call>>" + big + " after");
        assertThat(events)
                .satisfiesExactly(
                        e -> assertThat(e)
                                .isInstanceOfSatisfying(
                                        ModelEvent.InvalidCall.class,
                                        i -> assertThat(i.message()).contains("max_tool_chars")),
                        e -> assertThat(e).isEqualTo(new ModelEvent.Text(" after")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"name\": }",
                "{\"arguments\": {}}",
                "{\"name\": \"a\", \"arguments\": [1, 2]}",
                "{\"name\": \"a\", \"arguments\": \"not json\"}",
                "{\"name\": 42}"
            })
    void invalidPayloadsAreErrors(String payload) {
        assertThat(everyChunking("<<function_call>>" + payload))
                .singleElement()
                .isInstanceOf(ModelEvent.InvalidCall.class);
    }

    @Test
    void argumentsGivenAsAJsonStringAreUnwrapped() throws Exception {
        assertThat(whole("<<function_call>>{\"name\":\"a\",\"arguments\":\"{\\\"x\\\":1}\"}"))
                .containsExactly(new ModelEvent.Call("a", args("{\"x\":1}")));
    }

    @Test
    void severalCallsInOneOutputComeInOrder() throws Exception {
        assertThat(
                        everyChunking(
                                "<<function_call>>{\"name\":\"a\"}<<function_call>> {\"name\":\"b\",\"arguments\":{\"k\":true}}"))
                .containsExactly(
                        new ModelEvent.Call("a", JSON.createObjectNode()),
                        new ModelEvent.Call("b", args("{\"k\":true}")));
    }

    @Test
    void thinkTextBecomesThinkingNeverText() {
        assertThat(everyChunking("<think>I should look <it> up</think>The answer."))
                .containsExactly(new ModelEvent.Thinking("I should look <it> up"), new ModelEvent.Text("The answer."));
    }

    @Test
    void aMarkerInsideThinkIsThinking() {
        assertThat(everyChunking("<think>maybe <<function_call>> {\"name\":\"a\"}</think>no"))
                .containsExactly(
                        new ModelEvent.Thinking("maybe <<function_call>> {\"name\":\"a\"}"), new ModelEvent.Text("no"));
    }

    @Test
    void anUnclosedThinkEndsAsThinking() {
        assertThat(everyChunking("<think>still going")).containsExactly(new ModelEvent.Thinking("still going"));
    }

    @Test
    void aLoneLessThanIsReleasedAtTheEnd() {
        assertThat(everyChunking("a < b and c <<")).containsExactly(new ModelEvent.Text("a < b and c <<"));
    }
}
