package dev.tether.server;

import dev.tether.server.http.ApiError;
import dev.tether.server.http.Fields;
import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.pull.HubFile;
import dev.tether.pull.PullEvent;
import dev.tether.pull.PullException;
import dev.tether.pull.PullRequest;
import dev.tether.pull.Puller;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /models/pull} with {@code {"model": "owner/repo[:quant]"}} (or an exact {@code "file"} of the repository,
 * as {@code GET /models/pull/files} lists them): asks the hub which file to fetch (a missing repository or
 * quantization is a 4xx before the stream starts), then streams the download's progress
 * like the chat stream — {@code start}, {@code progress}…, {@code verify}, and always {@code done} last, after an
 * {@code error} when it failed. A client that leaves stops the download; the part file stays for a resume.
 */
final class PullService implements HttpService {

    private final Puller puller;
    private final long maxBodyBytes;

    PullService(Puller puller, long maxBodyBytes) {
        this.puller = puller;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/models/pull", this::pull);
        Routes.otherMethods(rules, "/models/pull", "POST");
        rules.get("/models/pull/files", this::files);
        Routes.otherMethods(rules, "/models/pull/files", "GET");
    }

    /** {@code ?repo=owner/repo[:quant]}: the repository's GGUF files and the one a pull would take by default. */
    private void files(ServerRequest req, ServerResponse res) {
        String repo = req.query().first("repo").asOptional().filter(r -> !r.isBlank()).orElseThrow(() ->
                ApiError.badRequest("bad_model", "name a repository: ?repo=owner/repo[:quant], e.g. "
                        + "?repo=Qwen/Qwen3-4B-GGUF"));
        Puller.Listing listing = hubCall(() -> puller.list(PullRequest.parse(repo)));
        ArrayNode files = Json.MAPPER.createArrayNode();
        for (Puller.Choice choice : listing.files()) {
            ObjectNode file = files.addObject().put("path", choice.file().path()).put("size", choice.file().size())
                    .put("split", choice.split()).put("downloaded", choice.downloaded());
            choice.file().sha256().ifPresent(sha -> file.put("sha256", sha));
        }
        ObjectNode body = Json.object().put("repo", listing.repo());
        body.set("files", files);
        body.put("default", listing.chosen().map(HubFile::path).orElse(null));
        Json.ok(res, body);
    }

    private void pull(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        PullRequest request = hubCall(() -> PullRequest.parse(Fields.requiredString(body, "model")));
        Optional<String> file = Fields.string(body, "file").filter(f -> !f.isBlank());
        boolean verify = Fields.bool(body, "verify").orElse(true);
        Puller.Plan plan = hubCall(() -> puller.plan(request, file, verify));
        try (Puller.Claim claim = hubCall(() -> puller.claim(plan))) {
            stream(req, res, plan);
        }
    }

    private void stream(ServerRequest req, ServerResponse res, Puller.Plan plan) {
        boolean sse = EventWriter.wantsSse(req.headers().first(HeaderNames.ACCEPT).orElse(""));
        res.header(HeaderNames.CONTENT_TYPE, sse ? SseEventWriter.CONTENT_TYPE : NdjsonWriter.CONTENT_TYPE);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        OutputStream out = res.outputStream();
        try {
            puller.run(plan, event -> write(out, sse, type(event), data(event)));
        } catch (PullException e) {
            write(out, sse, "error", Json.object().put("code", e.code()).put("message", e.getMessage()));
            write(out, sse, "done", Json.object().put("success", false).put("model", plan.model()));
        } catch (UncheckedIOException e) {
            return; // the client left; the part file stays for the next pull to resume
        } catch (RuntimeException e) {
            // whatever went wrong, the stream still ends as documented: an error, then done
            write(out, sse, "error", Json.object().put("code", "pull_failed").put("message", String.valueOf(e)));
            write(out, sse, "done", Json.object().put("success", false).put("model", plan.model()));
        }
        try {
            out.close();
        } catch (Exception ignored) {
            // the client already left
        }
    }

    static String type(PullEvent event) {
        return switch (event) {
            case PullEvent.Started s -> "start";
            case PullEvent.Progress p -> "progress";
            case PullEvent.Verifying v -> "verify";
            case PullEvent.Done d -> "done";
        };
    }

    static ObjectNode data(PullEvent event) {
        return switch (event) {
            case PullEvent.Started s -> Json.object().put("repo", s.repo()).put("file", s.file())
                    .put("total_bytes", s.totalBytes()).put("resumed_from", s.resumedFrom());
            case PullEvent.Progress p -> Json.object().put("downloaded_bytes", p.downloadedBytes())
                    .put("total_bytes", p.totalBytes()).put("bytes_per_second", Math.round(p.bytesPerSecond()));
            case PullEvent.Verifying v -> Json.object().put("sha256", v.expectedSha256());
            case PullEvent.Done d -> Json.object().put("success", true).put("model", d.model())
                    .put("path", d.path().toString()).put("bytes", d.bytes()).put("verified", d.verified())
                    .put("already_present", d.alreadyPresent());
        };
    }

    private static void write(OutputStream out, boolean sse, String type, ObjectNode data) {
        try {
            EventWriter.writeAndFlush(out, frame(sse, type, data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a " + type + " event", e);
        }
    }

    /** One NDJSON line, or one SSE event whose data is that same JSON object (as the chat stream does). */
    static byte[] frame(boolean sse, String type, ObjectNode data) throws JsonProcessingException {
        String json = Json.MAPPER.writeValueAsString(Json.object().put("type", type).set("data", data));
        return (sse ? "event: " + type + "\ndata: " + json + "\n\n" : json + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Runs a step before the stream starts: a failure is a JSON error with the status its kind fits. */
    private static <T> T hubCall(Supplier<T> step) {
        try {
            return step.get();
        } catch (PullException e) {
            throw new ApiError(status(e.kind()), e.code(), e.getMessage());
        }
    }

    private static Status status(PullException.Kind kind) {
        return switch (kind) {
            case BAD_REQUEST -> Status.BAD_REQUEST_400;
            case NOT_FOUND -> Status.NOT_FOUND_404;
            case CONFLICT -> Status.CONFLICT_409;
            case UNAVAILABLE -> Status.BAD_GATEWAY_502;
            case INSUFFICIENT_STORAGE -> Status.INSUFFICIENT_STORAGE_507;
        };
    }
}
