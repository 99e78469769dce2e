package dev.tether.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ToolLabelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tool with its own label: what it is doing while it runs, what it did once it answered. */
    @ToolInfo(name = "greet", description = "Greets someone.")
    public static final class Greeter {
        public String run(@Param(description = "who") String who) {
            return "hello " + who;
        }

        public String label(JsonNode arguments, JsonNode result) {
            String who = ToolLabels.text(arguments, "who", "someone");
            return result == null
                    ? "Greeting " + who
                    : "Greeted " + who + " (" + result.asText().length() + " chars)";
        }
    }

    /** A label that throws: the call and its label still work. */
    @ToolInfo(name = "broken_label", description = "Its label fails.")
    public static final class BrokenLabel {
        public String run() {
            return "ok";
        }

        public String label(JsonNode arguments, JsonNode result) {
            throw new IllegalStateException("no label today");
        }
    }

    private static ToolRegistry registry(Object... tools) {
        ToolRegistry.Builder b = ToolRegistry.builder().timeout(Duration.ofSeconds(5));
        for (Object t : tools) {
            b.add(null, t);
        }
        return b.build();
    }

    @Test
    void aToolLabelsItsCallFromTheArgumentsAndTheResult() throws Exception {
        try (ToolRegistry tools = registry(new Greeter())) {
            JsonNode args = JSON.readTree("{\"who\": \"Ada\"}");
            ToolOutcome outcome = tools.invoke("greet", args);

            assertThat(tools.label("greet", args, null)).isEqualTo("Greeting Ada");
            assertThat(tools.label("greet", args, outcome)).isEqualTo("Greeted Ada (9 chars)");
            assertThat(tools.label("greet", args, ToolOutcome.failure("not run: denied")))
                    .isEqualTo("Greeting Ada");
            assertThat(tools.label("greet", JSON.readTree("[1]"), null)).isEqualTo("Greeting someone");
        }
    }

    @Test
    void aToolWithoutALabelAndAnMcpToolGetAGenericOne() {
        try (ToolRegistry tools = registry(new SampleTools.Fails(), new BrokenLabel())) {
            assertThat(tools.label("fails", null, null)).isEqualTo("Using fails");
            assertThat(tools.label(
                            "broken_label",
                            null,
                            ToolOutcome.success(JSON.getNodeFactory().textNode("ok"))))
                    .isEqualTo("Used broken label");
            assertThat(tools.label("files__read_text_file", null, ToolOutcome.success(null)))
                    .isEqualTo("Used read text file from files");
            assertThat(tools.label("ev__get-sum", null, null)).isEqualTo("Using get sum from ev");
            assertThat(tools.label("get_current_time", null, null)).isEqualTo("Using get current time");
        }
    }

    @Test
    void helpersQuoteShortlyAndCount() throws Exception {
        JsonNode args =
                JSON.readTree("{\"q\": \"  a very long question about   the weather in many cities of Europe \","
                        + " \"blank\": \" \", \"list\": [1]}");

        assertThat(ToolLabels.text(args, "q", "?")).isEqualTo("a very long question about the weather…");
        assertThat(ToolLabels.text(args, "blank", "?")).isEqualTo("?");
        assertThat(ToolLabels.text(args, "list", "?")).isEqualTo("?");
        assertThat(ToolLabels.text(args, "missing", "?")).isEqualTo("?");
        assertThat(ToolLabels.count(1, "event")).isEqualTo("1 event");
        assertThat(ToolLabels.count(5, "event")).isEqualTo("5 events");
        assertThat(ToolLabels.count(2, "match", "matches")).isEqualTo("2 matches");
        assertThat(ToolLabels.size(args, "list")).isEqualTo(1);
        assertThat(ToolLabels.size(args, "q")).isEqualTo(-1);
    }
}
