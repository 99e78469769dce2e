package dev.tether.engine.remote;

import io.helidon.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What both remote providers read from their {@code args}: {@code base_url}, {@code connect_timeout_ms},
 * {@code read_timeout_ms} (longest silence while waiting for data, model loading included), {@code models}
 * (names to serve; when absent they are listed from the remote) and {@code models_ttl_ms} (how long a listing is
 * reused).
 */
record RemoteSettings(
        URI baseUrl, Duration connectTimeout, Duration readTimeout, List<String> models, Duration modelsTtl) {

    static RemoteSettings from(Config args, String defaultBaseUrl) {
        String base = args.get("base_url").asString().orElse(defaultBaseUrl);
        URI uri;
        try {
            uri = URI.create(base.endsWith("/") ? base : base + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("args.base_url: not a URL: " + base);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("args.base_url: must be an http or https URL, was " + base);
        }
        return new RemoteSettings(
                uri,
                millis(args, "connect_timeout_ms", 5_000),
                millis(args, "read_timeout_ms", 300_000),
                args.get("models").asList(String.class).orElse(List.of()),
                millis(args, "models_ttl_ms", 10_000));
    }

    private static Duration millis(Config args, String key, long defaultValue) {
        long value = args.get(key).asLong().orElse(defaultValue);
        if (value <= 0) {
            throw new IllegalArgumentException(
                    "args." + key + ": must be a positive number of milliseconds, was " + value);
        }
        return Duration.ofMillis(value);
    }
}
