package dev.tether.toolsets.web;

import static dev.tether.toolsets.web.FakeUpstream.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolException;
import dev.tether.toolsets.TestContexts;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastToolTest {

    @TempDir
    Path dir;

    private FakeUpstream upstream;
    private ForecastTool tool;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
        upstream.on("/v1/search", r -> json(OpenMeteoFixtures.BERLIN))
                .on("/v1/forecast", r -> json(OpenMeteoFixtures.DAILY));
        tool = new ForecastTool(TestContexts.context("forecast", WeatherToolTest.args(upstream, 2), dir));
    }

    @AfterEach
    void stop() {
        tool.close();
        upstream.close();
    }

    @Test
    void returnsOneEntryPerDayWithUnits() throws Exception {
        ForecastTool.Forecast forecast = tool.run("Berlin", 3, Units.IMPERIAL);

        assertThat(forecast.place().name()).isEqualTo("Berlin");
        assertThat(forecast.days())
                .extracting(ForecastTool.Day::date)
                .containsExactly("2026-11-25", "2026-11-26", "2026-11-27");
        ForecastTool.Day snow = forecast.days().get(1);
        assertThat(snow.conditions()).isEqualTo("slight snow fall");
        assertThat(snow.temperatureMax()).isEqualTo(35.6);
        assertThat(snow.temperatureMin()).isEqualTo(28.4);
        assertThat(snow.precipitationProbabilityMax()).isEqualTo(80.0);
        assertThat(forecast.days().get(2).precipitationProbabilityMax()).isNull();
        assertThat(forecast.units()).containsEntry("temperature_max", "°F").containsEntry("precipitation_sum", "inch");

        upstream.take();
        FakeUpstream.Request request = upstream.take();
        assertThat(request.query("forecast_days")).isEqualTo("3");
        assertThat(request.query("daily")).contains("temperature_2m_max", "precipitation_probability_max");
        assertThat(request.query("timezone")).isEqualTo("auto");
    }

    @Test
    void daysOutsideOneToSixteenAreRefused() {
        assertThatThrownBy(() -> tool.run("Berlin", 17, Units.METRIC))
                .isInstanceOf(ToolException.class)
                .hasMessage("days must be between 1 and 16, got 17");
        assertThatThrownBy(() -> tool.run("Berlin", 0, Units.METRIC)).isInstanceOf(ToolException.class);
        assertThat(upstream.pending()).isZero();
    }
}
