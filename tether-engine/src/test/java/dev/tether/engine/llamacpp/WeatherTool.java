package dev.tether.engine.llamacpp;

import dev.tether.tool.Param;
import dev.tether.tool.ToolInfo;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A tool for the llama-server tests: answers for any city and counts its calls. */
@ToolInfo(name = "weather", description = "The weather in a city.")
public final class WeatherTool {

    final AtomicInteger calls = new AtomicInteger();

    public Map<String, Object> run(@Param(description = "the city") String city) {
        calls.incrementAndGet();
        return Map.of("city", city, "sky", "sunny");
    }
}
