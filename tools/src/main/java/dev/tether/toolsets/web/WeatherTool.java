package dev.tether.toolsets.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tether.tool.Param;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.util.Map;

/** Current weather at a place, from Open-Meteo (no API key needed). */
@ToolInfo(
        name = "weather",
        description = "Current weather at a place: temperature, feels-like, humidity, precipitation, wind and "
                + "conditions. Give a city name (optionally with country) or 'latitude,longitude'.")
public final class WeatherTool extends OpenMeteoTool {

    private static final String[] FIELDS = {
        "temperature_2m",
        "apparent_temperature",
        "relative_humidity_2m",
        "precipitation",
        "weather_code",
        "wind_speed_10m",
        "wind_direction_10m"
    };

    /** The answer; {@code units} names the unit of each number. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Current(
            Place place,
            String time,
            String conditions,
            int weatherCode,
            double temperature,
            double apparentTemperature,
            double relativeHumidity,
            double precipitation,
            double windSpeed,
            double windDirection,
            Map<String, String> units) {}

    public WeatherTool(ToolContext context) {
        super(context);
    }

    public Current run(
            @Param(description = "City or place name, e.g. 'Berlin' or 'Paris, France', " + "or 'latitude,longitude'")
                    String location,
            @Param(description = "Units of the answer", defaultValue = "metric") Units units) {
        Place place = openMeteo.locate(location);
        JsonNode body = openMeteo.forecast(place, units, Map.of("current", String.join(",", FIELDS)));
        JsonNode current = body.path("current");
        if (!current.isObject()) {
            throw new ToolException("Open-Meteo's answer has no current weather");
        }
        int code = (int) OpenMeteo.number(current, "weather_code");
        Place located = place.timezone() != null
                ? place
                : new Place(
                        place.name(),
                        place.region(),
                        place.country(),
                        place.latitude(),
                        place.longitude(),
                        body.path("timezone").asText(null));
        return new Current(
                located,
                current.path("time").asText(),
                WeatherCodes.describe(code),
                code,
                OpenMeteo.number(current, "temperature_2m"),
                OpenMeteo.number(current, "apparent_temperature"),
                OpenMeteo.number(current, "relative_humidity_2m"),
                OpenMeteo.number(current, "precipitation"),
                OpenMeteo.number(current, "wind_speed_10m"),
                OpenMeteo.number(current, "wind_direction_10m"),
                OpenMeteo.units(
                        body.path("current_units"),
                        "temperature_2m",
                        "apparent_temperature",
                        "relative_humidity_2m",
                        "precipitation",
                        "wind_speed_10m",
                        "wind_direction_10m"));
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.weather(arguments, result);
    }
}
