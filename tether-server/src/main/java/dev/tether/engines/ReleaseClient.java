package dev.tether.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.pull.ResumableDownload;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * llama.cpp's releases through GitHub's REST API ({@code GET /repos/ggml-org/llama.cpp/releases/latest} or
 * {@code /releases/tags/{tag}}) at a configurable endpoint, and a release file's bytes from an offset. A token, when
 * set, goes only to the API's own host.
 */
public final class ReleaseClient {

    public static final String REPOSITORY = "ggml-org/llama.cpp";
    private static final Pattern TAG = Pattern.compile("b[0-9]{1,7}");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;
    /** A release's JSON is about 100 KB; a mirror answering more is not read to the end. */
    private static final int MAX_RELEASE_JSON = 8 << 20;

    private final URI endpoint;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;

    public ReleaseClient(URI endpoint, Optional<String> token, Duration timeout) {
        String base = endpoint.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = token.filter(t -> !t.isBlank());
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** {@code bNNNN}, as llama.cpp tags its releases; anything else is a bad request. */
    public static String checkTag(String tag) {
        if (tag == null || !TAG.matcher(tag.strip()).matches()) {
            throw new InstallException(
                    InstallException.Kind.BAD_REQUEST,
                    "bad_version",
                    "a llama.cpp version is its release tag, b followed by digits (e.g. b7000); got " + tag);
        }
        return tag.strip();
    }

    /** The release tagged {@code tag}, or the latest when empty. */
    public Release release(Optional<String> tag) {
        String path = "/repos/" + REPOSITORY + "/releases/"
                + tag.map(t -> "tags/" + checkTag(t)).orElse("latest");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("User-Agent", "tether-engine")
                .header("X-GitHub-Api-Version", "2022-11-28");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_RELEASE_JSON + 1);
            }
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallException(
                    InstallException.Kind.UNAVAILABLE, "cancelled", "the install was interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw failure(
                    response.statusCode(),
                    tag.map(t -> "release " + t).orElse("the latest release"),
                    response.headers().firstValue("x-ratelimit-remaining"),
                    response.headers().firstValue("x-ratelimit-reset"));
        }
        if (body.length > MAX_RELEASE_JSON) {
            throw new InstallException(
                    InstallException.Kind.UNAVAILABLE,
                    "github_error",
                    endpoint + path + " answered more than " + MAX_RELEASE_JSON + " bytes for one release");
        }
        try {
            return parse(MAPPER.readTree(body));
        } catch (IOException | RuntimeException e) {
            throw new InstallException(
                    InstallException.Kind.UNAVAILABLE,
                    "github_error",
                    endpoint + path + " did not answer a release as JSON: " + e.getMessage(),
                    e);
        }
    }

    static Release parse(JsonNode json) {
        String tag = json.path("tag_name").asText("");
        if (!TAG.matcher(tag).matches() || !json.path("assets").isArray()) {
            // the tag names the engine's folder: nothing but bNNNN
            throw new IllegalArgumentException("no assets, or a tag_name that is not b followed by digits: " + tag);
        }
        List<Release.Asset> assets = new ArrayList<>();
        for (JsonNode asset : json.path("assets")) {
            String digest = asset.path("digest").asText("");
            Optional<String> sha = digest.toLowerCase(Locale.ROOT).startsWith("sha256:")
                    ? Optional.of(digest.substring(7).toLowerCase(Locale.ROOT))
                    : Optional.empty();
            assets.add(new Release.Asset(
                    asset.path("name").asText(),
                    asset.path("size").asLong(),
                    asset.path("browser_download_url").asText(),
                    sha));
        }
        return new Release(tag, assets);
    }

    /**
     * The bytes of {@code url} from {@code offset} on, following redirects (to GitHub's file host) here, with a
     * read timeout so a server that stops sending does not stall the install.
     */
    public ResumableDownload.Body download(String url, long offset) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new InstallException(InstallException.Kind.UNAVAILABLE, "github_error", "bad download URL " + url, e);
        }
        try {
            for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                    throw new InstallException(
                            InstallException.Kind.UNAVAILABLE,
                            "github_error",
                            "refused to download from " + uri + ": only http and https are fetched");
                }
                HttpURLConnection connection = ResumableDownload.connect(
                        uri,
                        timeout,
                        "tether-engine",
                        offset > 0 ? "bytes=" + offset + "-" : null,
                        endpoint.getHost().equals(uri.getHost()) ? token : Optional.empty());
                int status = connection.getResponseCode();
                String location = connection.getHeaderField("Location");
                if (status / 100 == 3 && location != null) {
                    connection.disconnect();
                    uri = uri.resolve(location);
                    continue;
                }
                if (status == 200 || status == 206 || status == 416) {
                    return new ResumableDownload.Body(
                            status, status == 416 ? InputStream.nullInputStream() : connection.getInputStream());
                }
                Optional<String> remaining = Optional.ofNullable(connection.getHeaderField("X-RateLimit-Remaining"));
                Optional<String> reset = Optional.ofNullable(connection.getHeaderField("X-RateLimit-Reset"));
                connection.disconnect();
                throw failure(status, uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1), remaining, reset);
            }
            throw new InstallException(
                    InstallException.Kind.UNAVAILABLE,
                    "github_error",
                    "more than " + MAX_REDIRECTS + " redirects for " + url);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private InstallException unreachable(IOException e) {
        String why = Optional.ofNullable(e.getMessage())
                .filter(m -> !m.isBlank())
                .orElse(e.getClass().getSimpleName());
        return new InstallException(
                InstallException.Kind.UNAVAILABLE,
                "github_unreachable",
                "cannot reach "
                        + endpoint + " (" + why
                        + "); check the network, or set engines.endpoint (env TETHER_ENGINE_ENDPOINT)"
                        + " to a mirror",
                e);
    }

    private InstallException failure(int status, String what, Optional<String> remaining, Optional<String> reset) {
        if ((status == 403 || status == 429)
                && remaining.map(String::strip).filter("0"::equals).isPresent()) {
            String when = reset.flatMap(ReleaseClient::epochSeconds)
                    .map(s -> " until "
                            + DateTimeFormatter.ofPattern("HH:mm 'UTC'")
                                    .withZone(ZoneOffset.UTC)
                                    .format(Instant.ofEpochSecond(s)))
                    .orElse("");
            return new InstallException(
                    InstallException.Kind.UNAVAILABLE,
                    "rate_limited",
                    "GitHub's API rate limit"
                            + " is used up" + when
                            + (token.isPresent()
                                    ? ""
                                    : "; set GITHUB_TOKEN (engines.token_env) to a" + " token for a higher limit"));
        }
        return switch (status) {
            case 401, 403 ->
                new InstallException(
                        InstallException.Kind.UNAVAILABLE,
                        "github_forbidden",
                        endpoint + " refused " + what + " (HTTP " + status + ")"
                                + (token.isPresent() ? "; check the token in engines.token_env" : ""));
            case 404 ->
                new InstallException(
                        InstallException.Kind.NOT_FOUND,
                        "release_not_found",
                        endpoint + " has no " + what + " of " + REPOSITORY + " (HTTP 404)");
            case 429 ->
                new InstallException(
                        InstallException.Kind.UNAVAILABLE,
                        "rate_limited",
                        endpoint + " asked to slow down (HTTP 429); try again in a minute");
            default ->
                new InstallException(
                        InstallException.Kind.UNAVAILABLE,
                        "github_error",
                        endpoint + " answered HTTP " + status + " for " + what);
        };
    }

    private static Optional<Long> epochSeconds(String text) {
        try {
            return Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
