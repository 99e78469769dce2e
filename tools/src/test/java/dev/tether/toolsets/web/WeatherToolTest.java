package dev.tether.toolsets.web;

import static dev.tether.toolsets.web.FakeUpstream.Answer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolException;
import dev.tether.toolsets.TestContexts;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeatherToolTest {

    @TempDir
    Path dir;

    private FakeUpstream upstream;
    private WeatherTool tool;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
        tool = new WeatherTool(TestContexts.context("weather", args(upstream, 2), dir));
    }

    @AfterEach
    void stop() {
        tool.close();
        upstream.close();
    }

    static String args(FakeUpstream upstream, int timeoutSec) {
        return "geocoding_url: " + upstream.url("/v1/search") + "\nforecast_url: " + upstream.url("/v1/forecast")
                + "\ntimeout_sec: " + timeoutSec + "\n";
    }

    @Test
    void geocodesThePlaceThenReadsTheCurrentWeather() throws Exception {
        upstream.on("/v1/search", r -> json(OpenMeteoFixtures.BERLIN))
                .on("/v1/forecast", r -> json(OpenMeteoFixtures.CURRENT));

        WeatherTool.Current current = tool.run("Berlin", Units.METRIC);

        assertThat(current.place().name()).isEqualTo("Berlin");
        assertThat(current.place().country()).isEqualTo("Germany");
        assertThat(current.place().timezone()).isEqualTo("Europe/Berlin");
        assertThat(current.temperature()).isEqualTo(3.4);
        assertThat(current.apparentTemperature()).isEqualTo(-0.6);
        assertThat(current.relativeHumidity()).isEqualTo(87);
        assertThat(current.conditions()).isEqualTo("slight rain");
        assertThat(current.units()).containsEntry("temperature", "°C").containsEntry("wind_speed", "km/h");

        FakeUpstream.Request geocode = upstream.take();
        assertThat(geocode.query("name")).isEqualTo("Berlin");
        assertThat(geocode.query("count")).isEqualTo("1");
        FakeUpstream.Request forecast = upstream.take();
        assertThat(forecast.query("latitude")).isEqualTo("52.52437");
        assertThat(forecast.query("longitude")).isEqualTo("13.41053");
        assertThat(forecast.query("current")).contains("temperature_2m", "weather_code", "wind_speed_10m");
        assertThat(forecast.query("temperature_unit")).isNull();
    }

    @Test
    void imperialUnitsAskForFahrenheitMilesAndInches() throws Exception {
        upstream.on("/v1/search", r -> json(OpenMeteoFixtures.BERLIN))
                .on("/v1/forecast", r -> json(OpenMeteoFixtures.CURRENT));

        tool.run("Berlin", Units.IMPERIAL);

        upstream.take();
        FakeUpstream.Request forecast = upstream.take();
        assertThat(forecast.query("temperature_unit")).isEqualTo("fahrenheit");
        assertThat(forecast.query("wind_speed_unit")).isEqualTo("mph");
        assertThat(forecast.query("precipitation_unit")).isEqualTo("inch");
    }

    @Test
    void coordinatesNeedNoGeocoding() throws Exception {
        upstream.on("/v1/forecast", r -> json(OpenMeteoFixtures.CURRENT));

        WeatherTool.Current current = tool.run("48.85, 2.35", Units.METRIC);

        assertThat(current.place().latitude()).isEqualTo(48.85);
        assertThat(current.place().timezone()).isEqualTo("Europe/Berlin");
        FakeUpstream.Request only = upstream.take();
        assertThat(only.uri().getPath()).isEqualTo("/v1/forecast");
        assertThat(upstream.pending()).isZero();
    }

    @Test
    void anUnknownPlaceIsAClearError() {
        upstream.on("/v1/search", r -> json(OpenMeteoFixtures.NO_PLACE));

        assertThatThrownBy(() -> tool.run("Atlantis", Units.METRIC))
                .isInstanceOf(ToolException.class)
                .hasMessage("no place called 'Atlantis' was found");
    }

    @Test
    void anUpstreamErrorCarriesItsReason() {
        upstream.on("/v1/search", r -> json(OpenMeteoFixtures.BERLIN))
                .on("/v1/forecast", r -> new FakeUpstream.Answer(400, Map.of(), OpenMeteoFixtures.BAD_REQUEST));

        assertThatThrownBy(() -> tool.run("Berlin", Units.METRIC))
                .isInstanceOf(ToolException.class)
                .hasMessage("Open-Meteo answered HTTP 400: Latitude must be in range of -90 to 90°. Given: 120.0.");
    }

    @Test
    void aServerErrorWithoutJsonIsReported() {
        upstream.on("/v1/search", r -> new FakeUpstream.Answer(502, Map.of(), "<html>Bad gateway</html>"));

        assertThatThrownBy(() -> tool.run("Berlin", Units.METRIC))
                .isInstanceOf(ToolException.class)
                .hasMessage("Open-Meteo answered HTTP 502");
    }

    @Test
    void aSlowUpstreamTimesOutWithTheConfiguredLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        WeatherTool quick = new WeatherTool(TestContexts.context("weather", args(upstream, 1), dir));
        upstream.on("/v1/search", r -> {
            release.await(10, TimeUnit.SECONDS);
            return json(OpenMeteoFixtures.BERLIN);
        });
        try {
            assertThatThrownBy(() -> quick.run("Berlin", Units.METRIC))
                    .isInstanceOf(ToolException.class)
                    .hasMessage("Open-Meteo did not answer within 1 s");
        } finally {
            release.countDown();
            quick.close();
        }
    }

    @Test
    void anUnreachableUpstreamIsReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/v1/search";
        try (WeatherTool offline =
                new WeatherTool(TestContexts.context("weather", "geocoding_url: " + url + "\n", dir))) {
            assertThatThrownBy(() -> offline.run("Berlin", Units.METRIC))
                    .isInstanceOf(ToolException.class)
                    .hasMessageStartingWith("could not reach Open-Meteo");
        }
    }

    @Test
    void anAnswerMissingFieldsIsReportedNotGuessed() {
        upstream.on("/v1/search", r -> json(OpenMeteoFixtures.BERLIN))
                .on("/v1/forecast", r -> json("{\"current\":{\"time\":\"2026-11-25T20:00\",\"weather_code\":3}}"));

        assertThatThrownBy(() -> tool.run("Berlin", Units.METRIC))
                .isInstanceOf(ToolException.class)
                .hasMessage("Open-Meteo's answer lacks 'temperature_2m'");
    }
}
