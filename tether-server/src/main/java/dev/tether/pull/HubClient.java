package dev.tether.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.engine.config.TetherConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The three calls of the Hugging Face Hub that a pull needs: the repository's info, its file tree (sizes and the
 * SHA-256 of LFS files) and a file's bytes from an offset. {@code HF_ENDPOINT} (or {@code pull.hub_endpoint})
 * moves it to a mirror, as in Hugging Face's own clients; {@code HF_TOKEN} is sent for gated and private
 * repositories.
 */
public final class HubClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;

    /**
     * What a hostile or broken hub may cost.
     *
     * @param maxJsonBytes   the largest JSON answer read ({@code pull.max_listing_bytes}); a listing that never ends
     *                       stops here
     * @param minBytesPerSec a download slower than this over {@code stallWindow} is stopped
     *                       ({@code pull.min_bytes_per_sec})
     * @param stallWindow    how long a download may stay under the minimum rate ({@code pull.stall_sec})
     */
    public record Limits(long maxJsonBytes, long minBytesPerSec, Duration stallWindow) {

        public static final Limits DEFAULT = new Limits(32L << 20, 1024, Duration.ofSeconds(60));
    }

    private final URI endpoint;
    private final Optional<String> token;
    private final Duration timeout;
    private final Limits limits;
    private final HttpClient http;

    public HubClient(URI endpoint, Optional<String> token, Duration timeout) {
        this(endpoint, token, timeout, Limits.DEFAULT);
    }

    public HubClient(URI endpoint, Optional<String> token, Duration timeout, Limits limits) {
        String base = endpoint.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = token.filter(t -> !t.isBlank());
        this.timeout = timeout;
        this.limits = limits;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The endpoint, timeout and limits of {@code settings}, the token from the variable it names. */
    public static HubClient from(TetherConfig.PullSettings settings, Function<String, String> env) {
        Optional<String> token =
                Optional.of(settings.tokenEnv()).filter(n -> !n.isBlank()).map(env);
        return new HubClient(
                URI.create(settings.hubEndpoint()),
                token,
                Duration.ofSeconds(settings.timeoutSec()),
                new Limits(
                        settings.maxListingBytes(),
                        settings.minBytesPerSec(),
                        Duration.ofSeconds(settings.stallSec())));
    }

    public Limits limits() {
        return limits;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The repository's files with sizes and checksums; a missing, gated or private repository says so. */
    public List<HubFile> files(String repo) {
        getJson("/api/models/" + repo, repo); // its own call: a clear 404 or 401 before the tree
        JsonNode tree = getJson("/api/models/" + repo + "/tree/main?recursive=true", repo);
        List<HubFile> files = new ArrayList<>();
        for (JsonNode node : tree) {
            if (!"file".equals(node.path("type").asText("file")) || !node.hasNonNull("path")) {
                continue;
            }
            JsonNode lfs = node.path("lfs");
            long size = lfs.has("size")
                    ? lfs.path("size").asLong()
                    : node.path("size").asLong();
            Optional<String> sha = Optional.ofNullable(lfs.path("oid").textValue())
                    .map(s -> s.startsWith("sha256:") ? s.substring(7) : s);
            files.add(new HubFile(node.get("path").asText(), size, sha));
        }
        return files;
    }

    /**
     * The bytes of {@code path} from {@code offset} on. Unlike the JSON calls this uses {@link HttpURLConnection}
     * for its read timeout: a hub that stops sending mid-file must not stall the pull forever. Redirects (to the
     * hub's CDN) are followed here, and the token goes only to the hub's own host.
     */
    public ResumableDownload.Body download(String repo, String path, long offset) {
        return open(repo, path, offset > 0 ? "bytes=" + offset + "-" : null);
    }

    /**
     * The first {@code length} bytes of {@code path} (one {@code Range} request, as for reading a GGUF header before
     * a download); a hub that ignores the range is cut off after {@code length} bytes all the same.
     */
    public InputStream head(String repo, String path, long length) {
        ResumableDownload.Body body = open(repo, path, "bytes=0-" + (length - 1));
        return new BoundedInputStream(body.stream(), length);
    }

    /** How long connecting and each wait for the hub may take ({@code pull.timeout_sec}). */
    public Duration timeout() {
        return timeout;
    }

    private ResumableDownload.Body open(String repo, String path, String range) {
        URI uri = URI.create(endpoint + "/" + repo + "/resolve/main/" + encodePath(path));
        try {
            for (int hop = 0; hop < MAX_REDIRECTS; hop++) {
                HttpURLConnection connection = ResumableDownload.connect(
                        uri,
                        timeout,
                        "tether-pull",
                        range,
                        endpoint.getHost().equals(uri.getHost()) ? token : Optional.empty());
                int status = connection.getResponseCode();
                String location = connection.getHeaderField("Location");
                if (status / 100 == 3 && location != null) {
                    connection.disconnect();
                    uri = httpOnly(uri, location, repo, path);
                    continue;
                }
                if (status == 200 || status == 206 || status == 416) {
                    return new ResumableDownload.Body(
                            status, status == 416 ? InputStream.nullInputStream() : connection.getInputStream());
                }
                connection.disconnect();
                throw failure(status, repo, path);
            }
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "hub_error",
                    "more than " + MAX_REDIRECTS + " redirects for " + repo + "/" + path);
        } catch (IOException | IllegalArgumentException e) {
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "hub_unreachable",
                    "cannot download " + path + " from " + endpoint + ": " + e.getMessage(),
                    e);
        }
    }

    /** Where a redirect leads; only to another http(s) address (not {@code file:}, {@code ftp:}, {@code jar:}). */
    private static URI httpOnly(URI from, String location, String repo, String path) {
        URI next;
        try {
            next = from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "bad_redirect",
                    "the hub redirected " + repo + "/" + path + " to an address that is not a URL");
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "bad_redirect",
                    "the hub redirected " + repo + "/" + path + " to a "
                            + (scheme.isEmpty() ? "relative" : scheme + ":")
                            + " address; only http and https are followed");
        }
        return next;
    }

    private JsonNode getJson(String path, String repo) {
        HttpResponse<byte[]> response = send(
                request(path).header("Accept", "application/json").build(), CappedBody.of(limits.maxJsonBytes()), repo);
        if (response.statusCode() != 200) {
            throw failure(response.statusCode(), repo, path);
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "hub_error",
                    endpoint + path + " did not answer JSON: " + e.getMessage(),
                    e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(timeout)
                .header("User-Agent", "tether-pull");
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    /** Sends and reads the whole answer within the timeout (a body that drips forever is cut off too). */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, String repo) {
        var answer = http.sendAsync(request, body);
        try {
            return answer.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "hub_timeout",
                    endpoint + " did not finish answering for " + repo + " within " + timeout.toSeconds()
                            + " s (pull.timeout_sec)");
        } catch (java.util.concurrent.ExecutionException e) {
            if (CappedBody.tooLarge(e)) {
                throw new PullException(
                        PullException.Kind.UNAVAILABLE,
                        "hub_answer_too_large",
                        endpoint
                                + " answered more than " + limits.maxJsonBytes() + " bytes for " + repo
                                + " (pull.max_listing_bytes)");
            }
            IOException io = e.getCause() instanceof IOException x ? x : new IOException(e.getCause());
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "hub_unreachable",
                    "cannot reach " + endpoint + " for " + repo + ": " + describe(io)
                            + " (set HF_ENDPOINT to use a mirror)",
                    io);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new PullException(PullException.Kind.UNAVAILABLE, "cancelled", "the pull was interrupted", e);
        }
    }

    private PullException failure(int status, String repo, String what) {
        return switch (status) {
            case 401, 403 ->
                new PullException(
                        PullException.Kind.NOT_FOUND,
                        "repo_not_accessible",
                        repo
                                + " is gated or private (HTTP " + status
                                + "): accept its terms on the hub and set HF_TOKEN"
                                + (token.isPresent() ? " to a token that has access" : ""));
            case 404 ->
                new PullException(
                        PullException.Kind.NOT_FOUND,
                        "repo_not_found",
                        "the hub at " + endpoint + " has no " + (what.startsWith("/api/") ? repo : repo + "/" + what)
                                + (token.isEmpty() ? " (a private repository also needs HF_TOKEN)" : ""));
            default ->
                new PullException(
                        PullException.Kind.UNAVAILABLE,
                        "hub_error",
                        "the hub at " + endpoint + " answered HTTP " + status + " for " + repo);
        };
    }

    private static String describe(IOException e) {
        return Optional.ofNullable(e.getMessage())
                .filter(m -> !m.isBlank())
                .orElse(e.getClass().getSimpleName());
    }

    /** Percent-encodes each segment of a repository path, keeping the slashes. */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
