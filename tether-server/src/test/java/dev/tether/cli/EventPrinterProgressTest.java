package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** How {@code tether chat} writes a {@code tool_progress} event's figures. */
class EventPrinterProgressTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void progressShowsTheStepOfTheTotalWithAPercentAndTheServersMessage() {
        assertThat(EventPrinter.progress(
                        JSON.createObjectNode().put("progress", 2.0).put("total", 5.0)))
                .isEqualTo("2/5 (40%)");
        assertThat(EventPrinter.progress(JSON.createObjectNode()
                        .put("progress", 0.5)
                        .put("total", 1.0)
                        .put("message", "indexing")))
                .isEqualTo("0.50/1 (50%) indexing");
    }

    @Test
    void progressWithoutATotalShowsOnlyHowFarItHasGot() {
        assertThat(EventPrinter.progress(JSON.createObjectNode().put("progress", 7.0)))
                .isEqualTo("7");
    }
}
