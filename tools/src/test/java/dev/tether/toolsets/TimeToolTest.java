package dev.tether.toolsets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-03-29T00:30:00Z"), ZoneOffset.UTC);

    private final ToolRegistry registry =
            ToolRegistry.builder().add(null, new TimeTool(FIXED)).build();

    @AfterEach
    void close() {
        registry.close();
    }

    private ToolOutcome call(String args) throws Exception {
        return registry.invoke("get_current_time", JSON.readTree(args));
    }

    @Test
    void isoInAZone() throws Exception {
        ToolOutcome out = call("{\"timezone\":\"Europe/Berlin\",\"format\":\"iso\"}");
        assertThat(out.result().get("time").asText()).isEqualTo("2026-03-29T01:30:00+01:00");
        assertThat(out.result().get("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(out.result().get("offset").asText()).isEqualTo("+01:00");
    }

    @Test
    void rfc2822AndHumanAcrossTheDstChange() throws Exception {
        Clock afterChange = Clock.fixed(Instant.parse("2026-03-29T01:30:00Z"), ZoneOffset.UTC);
        try (ToolRegistry r =
                ToolRegistry.builder().add(null, new TimeTool(afterChange)).build()) {
            assertThat(r.invoke(
                                    "get_current_time",
                                    JSON.readTree("{\"timezone\":\"Europe/Berlin\",\"format\":\"rfc2822\"}"))
                            .result()
                            .get("time")
                            .asText())
                    .isEqualTo("Sun, 29 Mar 2026 03:30:00 +0200");
            assertThat(r.invoke("get_current_time", JSON.readTree("{\"timezone\":\"UTC\",\"format\":\"human\"}"))
                            .result()
                            .get("time")
                            .asText())
                    .isEqualTo("Sunday, 29 March 2026, 01:30:00 UTC");
            assertThat(human(r, "Europe/Berlin"))
                    .as("the abbreviation in force, summer time after the change")
                    .isEqualTo("Sunday, 29 March 2026, 03:30:00 CEST");
            assertThat(human(r, "Asia/Tokyo")).isEqualTo("Sunday, 29 March 2026, 10:30:00 JST");
        }
    }

    private static String human(ToolRegistry r, String zone) throws Exception {
        return r.invoke("get_current_time", JSON.readTree("{\"timezone\":\"" + zone + "\",\"format\":\"human\"}"))
                .result()
                .get("time")
                .asText();
    }

    @Test
    void defaultsToThisMachinesZoneInIso() throws Exception {
        ToolOutcome out = call("{}");
        assertThat(out.isError()).isFalse();
        assertThat(out.result().get("timezone").asText())
                .isEqualTo(java.time.ZoneId.systemDefault().getId());
        assertThat(out.result().get("format").asText()).isEqualTo("iso");
        assertThat(out.result().get("time").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
    }

    @Test
    void aBadTimezoneIsAClearError() throws Exception {
        assertThat(call("{\"timezone\":\"Mars/Olympus\"}").error())
                .isEqualTo("unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)");
    }

    @Test
    void aBadFormatIsRefusedBySchema() throws Exception {
        assertThat(call("{\"format\":\"klingon\"}").error())
                .contains("invalid arguments")
                .contains("format");
    }
}
