package dev.tether.toolsets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.tool.Toolset;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The built-in tools' labels read like a person wrote them, while running and once done. */
class CallLabelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void theClockIsLabelledWithThePlaceItWasAskedFor() throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2026-03-29T00:30:00Z"), ZoneOffset.UTC);
        try (ToolRegistry tools =
                ToolRegistry.builder().add(null, new TimeTool(fixed)).build()) {
            JsonNode tokyo = json("{\"timezone\": \"Asia/Tokyo\"}");
            ToolOutcome outcome = tools.invoke("get_current_time", tokyo);

            assertThat(tools.label("get_current_time", tokyo, null)).isEqualTo("Checking the time in Tokyo");
            assertThat(tools.label("get_current_time", tokyo, outcome)).isEqualTo("Checked the time in Tokyo");
            assertThat(tools.label("get_current_time", json("{\"timezone\": \"America/New_York\"}"), null))
                    .isEqualTo("Checking the time in New York");
            assertThat(tools.label("get_current_time", json("{}"), null)).isEqualTo("Checking the local time");
            assertThat(tools.label("get_current_time", json("{\"timezone\": \"Mars/Olympus\"}"), marsTime()))
                    .isEqualTo("Checked the time in Olympus");
        }
    }

    @Test
    void resultsAreCountedAndArgumentsQuoted() throws Exception {
        assertThat(CallLabels.webSearch(json("{\"query\": \"cheap flights\"}"), null))
                .isEqualTo("Searching the web for “cheap flights”");
        assertThat(CallLabels.webSearch(json("{\"query\": \"cheap flights\"}"), json("{\"results\": [{}, {}]}")))
                .isEqualTo("Searched the web for “cheap flights” (2 results)");
        assertThat(CallLabels.readFile(json("{\"path\": \"notes/plan.md\"}"), json("{}")))
                .isEqualTo("Read plan.md");
        assertThat(CallLabels.readFile(json("{\"path\": \"C:\\\\docs\\\\notes.md\"}"), null))
                .isEqualTo("Reading notes.md");
        assertThat(CallLabels.calendarList(json("{}"), json("{\"count\": 5, \"events\": []}")))
                .isEqualTo("Listed 5 events");
        assertThat(CallLabels.calendarList(json("{}"), json("{\"count\": 1}"))).isEqualTo("Listed 1 event");
        assertThat(CallLabels.listFiles(json("{\"path\": \"notes/\"}"), json("{\"entries\": [{}, {}, {}]}")))
                .isEqualTo("Listed 3 entries in notes");
        assertThat(CallLabels.weather(json("{\"location\": \"paris\"}"), json("{\"place\": {\"name\": \"Paris\"}}")))
                .isEqualTo("Checked the weather in Paris");
        assertThat(CallLabels.forecast(json("{\"location\": \"Oslo\", \"days\": 3}"), null))
                .isEqualTo("Getting a 3-day forecast for Oslo");
        assertThat(CallLabels.mailReply(json("{\"send\": true}"), null)).isEqualTo("Sending a reply");
        assertThat(CallLabels.mailReply(json("{}"), json("{\"to\": \"ada@example.org\", \"sent\": false}")))
                .isEqualTo("Drafted a reply to ada@example.org");
        assertThat(CallLabels.mailFlag(json("{\"flag\": \"SEEN\", \"value\": false}"), json("{}")))
                .isEqualTo("Unmarked a message as seen");
    }

    @Test
    void aResultThatDoesNotSayHowManyIsNotCountedAsMinusOne() throws Exception {
        JsonNode bare = json("{}");
        assertThat(CallLabels.webSearch(json("{\"query\": \"flights\"}"), bare))
                .isEqualTo("Searched the web for “flights”");
        assertThat(CallLabels.searchFiles(json("{\"name\": \"plan\"}"), bare)).isEqualTo("Searched files for “plan”");
        assertThat(CallLabels.calendarList(json("{}"), bare)).isEqualTo("Listed events");
        assertThat(CallLabels.listFiles(json("{\"path\": \"notes/\"}"), bare)).isEqualTo("Listed entries in notes");
        assertThat(CallLabels.searchFiles(json("{\"name\": \"plan\"}"), json("{\"files\": [{}]}")))
                .isEqualTo("Searched files for “plan” (1 found)");
    }

    @Test
    void everyBuiltInToolLabelsItsCalls() {
        for (Toolset set : ServiceLoader.load(Toolset.class)) {
            for (Class<?> type : set.toolClasses()) {
                assertThat(type.getMethods())
                        .as(type.getSimpleName() + " defines label(JsonNode, JsonNode)")
                        .anyMatch(m -> m.getName().equals("label")
                                && m.getReturnType() == String.class
                                && java.util.Arrays.equals(
                                        m.getParameterTypes(), new Class<?>[] {JsonNode.class, JsonNode.class}));
            }
        }
    }

    private static ToolOutcome marsTime() {
        return ToolOutcome.success(JSON.createObjectNode().put("timezone", "Mars/Olympus"));
    }
}
