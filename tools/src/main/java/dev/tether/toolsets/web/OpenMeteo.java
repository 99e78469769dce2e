package dev.tether.toolsets.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolException;
import dev.tether.toolsets.ToolArgs;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two Open-Meteo APIs the weather tools need: geocoding (place name → coordinates) and forecast. Args:
 * {@code geocoding_url}, {@code forecast_url}, {@code timeout_sec} (10), {@code language} (en).
 */
final class OpenMeteo implements AutoCloseable {

    static final String GEOCODING_URL = "https://geocoding-api.open-meteo.com/v1/search";
    static final String FORECAST_URL = "https://api.open-meteo.com/v1/forecast";
    private static final Pattern COORDINATES =
            Pattern.compile("\\s*(-?\\d{1,2}(?:\\.\\d+)?)\\s*,\\s*(-?\\d{1,3}(?:\\.\\d+)?)\\s*");

    private final String geocodingUrl;
    private final String forecastUrl;
    private final String language;
    private final JsonHttp http;

    OpenMeteo(ToolContext context) {
        ToolArgs args = ToolArgs.of(context);
        this.geocodingUrl = args.string("geocoding_url", GEOCODING_URL);
        this.forecastUrl = args.string("forecast_url", FORECAST_URL);
        this.language = args.string("language", "en");
        this.http = new JsonHttp("Open-Meteo", args);
    }

    /** A place name, or {@code "latitude,longitude"} which needs no geocoding. */
    Place locate(String location) {
        if (location == null || location.isBlank()) {
            throw new ToolException("location must not be empty");
        }
        Matcher coordinates = COORDINATES.matcher(location);
        if (coordinates.matches()) {
            double latitude = Double.parseDouble(coordinates.group(1));
            double longitude = Double.parseDouble(coordinates.group(2));
            if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
                throw new ToolException("coordinates out of range: " + location);
            }
            return new Place(location.strip(), null, null, latitude, longitude, null);
        }
        JsonNode body = http.requireOk(
                http.get(
                        geocodingUrl,
                        Map.of("name", location.strip(), "count", "1", "language", language, "format", "json"),
                        Map.of()),
                "reason");
        JsonNode first = body.path("results").path(0);
        if (first.isMissingNode() || !first.has("latitude") || !first.has("longitude")) {
            throw new ToolException("no place called '" + location.strip() + "' was found");
        }
        return new Place(
                first.path("name").asText(location.strip()),
                text(first, "admin1"),
                text(first, "country"),
                first.path("latitude").asDouble(),
                first.path("longitude").asDouble(),
                text(first, "timezone"));
    }

    /** Calls the forecast API for {@code place} with the given extra query parameters. */
    JsonNode forecast(Place place, Units units, Map<String, String> extra) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("latitude", Double.toString(place.latitude()));
        query.put("longitude", Double.toString(place.longitude()));
        query.put("timezone", "auto");
        if (units == Units.IMPERIAL) {
            query.put("temperature_unit", "fahrenheit");
            query.put("wind_speed_unit", "mph");
            query.put("precipitation_unit", "inch");
        }
        query.putAll(extra);
        return http.requireOk(http.get(forecastUrl, query, Map.of()), "reason");
    }

    /** The unit strings of a block ({@code current_units}, {@code daily_units}) as a small map. */
    static Map<String, String> units(JsonNode block, String... fields) {
        Map<String, String> units = new LinkedHashMap<>();
        for (String field : fields) {
            JsonNode unit = block.get(field);
            if (unit != null) {
                units.put(field.replace("_2m", "").replace("_10m", "").toLowerCase(Locale.ROOT), unit.asText());
            }
        }
        return units;
    }

    /** A numeric field that must be there; its absence means the upstream answered in a format we don't know. */
    static double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new ToolException("Open-Meteo's answer lacks '" + field + "'");
        }
        return value.asDouble();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public void close() {
        http.close();
    }
}
