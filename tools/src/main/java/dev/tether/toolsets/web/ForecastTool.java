package dev.tether.toolsets.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tether.tool.Param;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A daily forecast for up to 16 days, from Open-Meteo. */
@ToolInfo(
        name = "forecast",
        description = "Daily weather forecast for a place, 1 to 16 days from today: conditions, minimum and "
                + "maximum temperature, precipitation and its probability, maximum wind.")
public final class ForecastTool extends OpenMeteoTool {

    private static final String[] FIELDS = {
        "weather_code",
        "temperature_2m_max",
        "temperature_2m_min",
        "precipitation_sum",
        "precipitation_probability_max",
        "wind_speed_10m_max"
    };

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Day(
            String date,
            String conditions,
            int weatherCode,
            double temperatureMax,
            double temperatureMin,
            double precipitationSum,
            Double precipitationProbabilityMax,
            double windSpeedMax) {}

    public record Forecast(Place place, List<Day> days, Map<String, String> units) {}

    public ForecastTool(ToolContext context) {
        super(context);
    }

    public Forecast run(
            @Param(description = "City or place name, or 'latitude,longitude'") String location,
            @Param(description = "Number of days, today included", defaultValue = "7", minimum = 1, maximum = 16)
                    int days,
            @Param(description = "Units of the answer", defaultValue = "metric") Units units) {
        if (days < 1 || days > 16) {
            throw new ToolException("days must be between 1 and 16, got " + days);
        }
        Place place = openMeteo.locate(location);
        JsonNode body = openMeteo.forecast(
                place, units, Map.of("daily", String.join(",", FIELDS), "forecast_days", Integer.toString(days)));
        JsonNode daily = body.path("daily");
        JsonNode dates = daily.path("time");
        if (!dates.isArray()) {
            throw new ToolException("Open-Meteo's answer has no daily forecast");
        }
        List<Day> result = new ArrayList<>();
        for (int i = 0; i < dates.size(); i++) {
            int code = (int) at(daily, "weather_code", i);
            JsonNode probability = daily.path("precipitation_probability_max").path(i);
            result.add(new Day(
                    dates.get(i).asText(),
                    WeatherCodes.describe(code),
                    code,
                    at(daily, "temperature_2m_max", i),
                    at(daily, "temperature_2m_min", i),
                    at(daily, "precipitation_sum", i),
                    probability.isNumber() ? probability.asDouble() : null,
                    at(daily, "wind_speed_10m_max", i)));
        }
        return new Forecast(
                place,
                result,
                OpenMeteo.units(
                        body.path("daily_units"),
                        "temperature_2m_max",
                        "precipitation_sum",
                        "precipitation_probability_max",
                        "wind_speed_10m_max"));
    }

    private static double at(JsonNode daily, String field, int index) {
        JsonNode value = daily.path(field).path(index);
        if (!value.isNumber()) {
            throw new ToolException("Open-Meteo's answer lacks '" + field + "' for day " + (index + 1));
        }
        return value.asDouble();
    }

    /** The call's label on the chat page and in tether chat ({@link dev.tether.tool.ToolLabels}). */
    public String label(
            com.fasterxml.jackson.databind.JsonNode arguments, com.fasterxml.jackson.databind.JsonNode result) {
        return dev.tether.toolsets.CallLabels.forecast(arguments, result);
    }
}
