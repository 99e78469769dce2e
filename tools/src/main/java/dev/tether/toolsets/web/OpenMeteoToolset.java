package dev.tether.toolsets.web;

import dev.tether.tool.SharedToolset;
import dev.tether.tool.ToolContext;
import java.util.List;

/** {@code open_meteo}: weather and forecast, from Open-Meteo (no API key needed). */
public final class OpenMeteoToolset extends SharedToolset<ToolContext> {

    public OpenMeteoToolset() {
        super(
                "open_meteo",
                context -> context,
                List.of(member(WeatherTool.class, WeatherTool::new), member(ForecastTool.class, ForecastTool::new)));
    }
}
