package dev.tether.toolsets.web;

/** Answers in the format Open-Meteo documents for its geocoding and forecast APIs. */
final class OpenMeteoFixtures {

    static final String BERLIN = """
            {"results":[{"id":2950159,"name":"Berlin","latitude":52.52437,"longitude":13.41053,"elevation":74.0,
            "feature_code":"PPLC","country_code":"DE","admin1_id":2950157,"timezone":"Europe/Berlin",
            "population":3426354,"country_id":2921044,"country":"Germany","admin1":"Land Berlin"}],
            "generationtime_ms":0.5629063}""";

    static final String NO_PLACE = "{\"generationtime_ms\":0.31}";

    static final String CURRENT = """
            {"latitude":52.52,"longitude":13.419998,"generationtime_ms":0.05,"utc_offset_seconds":3600,
            "timezone":"Europe/Berlin","timezone_abbreviation":"GMT+1","elevation":38.0,
            "current_units":{"time":"iso8601","interval":"seconds","temperature_2m":"°C","relative_humidity_2m":"%",
            "apparent_temperature":"°C","precipitation":"mm","weather_code":"wmo code","wind_speed_10m":"km/h",
            "wind_direction_10m":"°"},
            "current":{"time":"2026-11-25T20:00","interval":900,"temperature_2m":3.4,"relative_humidity_2m":87,
            "apparent_temperature":-0.6,"precipitation":0.0,"weather_code":61,"wind_speed_10m":12.2,
            "wind_direction_10m":250}}""";

    static final String DAILY = """
            {"latitude":52.52,"longitude":13.419998,"generationtime_ms":0.08,"utc_offset_seconds":3600,
            "timezone":"Europe/Berlin","timezone_abbreviation":"GMT+1","elevation":38.0,
            "daily_units":{"time":"iso8601","weather_code":"wmo code","temperature_2m_max":"°F",
            "temperature_2m_min":"°F","precipitation_sum":"inch","precipitation_probability_max":"%",
            "wind_speed_10m_max":"mp/h"},
            "daily":{"time":["2026-11-25","2026-11-26","2026-11-27"],"weather_code":[3,71,0],
            "temperature_2m_max":[41.2,35.6,30.1],"temperature_2m_min":[33.0,28.4,20.5],
            "precipitation_sum":[0.0,0.12,0.0],"precipitation_probability_max":[10,80,null],
            "wind_speed_10m_max":[9.8,15.2,5.0]}}""";

    static final String BAD_REQUEST = """
            {"error":true,"reason":"Latitude must be in range of -90 to 90°. Given: 120.0."}""";

    private OpenMeteoFixtures() {}
}
