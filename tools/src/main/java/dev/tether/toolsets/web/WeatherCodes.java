package dev.tether.toolsets.web;

import java.util.Map;

/** Words for the WMO weather interpretation codes Open-Meteo reports as {@code weather_code}. */
final class WeatherCodes {

    private static final Map<Integer, String> WORDS = Map.ofEntries(
            Map.entry(0, "clear sky"),
            Map.entry(1, "mainly clear"),
            Map.entry(2, "partly cloudy"),
            Map.entry(3, "overcast"),
            Map.entry(45, "fog"),
            Map.entry(48, "depositing rime fog"),
            Map.entry(51, "light drizzle"),
            Map.entry(53, "moderate drizzle"),
            Map.entry(55, "dense drizzle"),
            Map.entry(56, "light freezing drizzle"),
            Map.entry(57, "dense freezing drizzle"),
            Map.entry(61, "slight rain"),
            Map.entry(63, "moderate rain"),
            Map.entry(65, "heavy rain"),
            Map.entry(66, "light freezing rain"),
            Map.entry(67, "heavy freezing rain"),
            Map.entry(71, "slight snow fall"),
            Map.entry(73, "moderate snow fall"),
            Map.entry(75, "heavy snow fall"),
            Map.entry(77, "snow grains"),
            Map.entry(80, "slight rain showers"),
            Map.entry(81, "moderate rain showers"),
            Map.entry(82, "violent rain showers"),
            Map.entry(85, "slight snow showers"),
            Map.entry(86, "heavy snow showers"),
            Map.entry(95, "thunderstorm"),
            Map.entry(96, "thunderstorm with slight hail"),
            Map.entry(99, "thunderstorm with heavy hail"));

    private WeatherCodes() {}

    static String describe(int code) {
        return WORDS.getOrDefault(code, "unknown (WMO code " + code + ")");
    }
}
