package dev.tether.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.llamacpp.LocalEngine;
import dev.tether.pull.HubFile;
import dev.tether.pull.PullEvent;
import dev.tether.pull.PullException;
import dev.tether.pull.PullRequest;
import dev.tether.pull.Puller;
import dev.tether.pull.RunCheck;
import dev.tether.server.http.ApiError;
import dev.tether.server.http.EventStream;
import dev.tether.server.http.Fields;
import dev.tether.server.http.Json;
import dev.tether.server.http.Routes;
import dev.tether.server.http.StreamEvent;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /models/pull} with {@code {"model": "owner/repo[:quant]"}} (or an exact {@code "file"} of the repository,
 * as {@code GET /models/pull/files} lists them): asks the hub which file to fetch (a missing repository or
 * quantization is a 4xx before the stream starts), then streams the download's progress
 * like the chat stream — {@code start}, {@code progress}…, {@code verify}, and always {@code done} last, after an
 * {@code error} when it failed. A client that leaves stops the download; the part file stays for a resume.
 */
record PullService(Puller puller, RunCheck runCheck, long maxBodyBytes) implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .post("/models/pull", this::pull)
                .get("/models/pull/files", this::files)
                .otherMethodsNotAllowed();
    }

    /** {@code ?repo=owner/repo[:quant]}: the repository's GGUF files and the one a pull would take by default. */
    private void files(ServerRequest req, ServerResponse res) {
        String repo = req.query()
                .first("repo")
                .asOptional()
                .filter(r -> !r.isBlank())
                .orElseThrow(() -> ApiError.badRequest(
                        "bad_model",
                        "name a repository: ?repo=owner/repo[:quant], e.g. " + "?repo=Qwen/Qwen2.5-3B-Instruct-GGUF"));
        Puller.Listing listing = hubCall(() -> puller.list(PullRequest.parse(repo)));
        ArrayNode files = Json.MAPPER.createArrayNode();
        for (RunCheck.Checked checked : runCheck.check(listing)) {
            Puller.Choice choice = checked.choice();
            ObjectNode file = files.addObject()
                    .put("path", choice.file().path())
                    .put("size", choice.file().size())
                    .put("split", choice.split())
                    .put("downloaded", choice.downloaded());
            choice.file().sha256().ifPresent(sha -> file.put("sha256", sha));
            checked.summary()
                    .ifPresent(h -> file.put("architecture", h.architecture())
                            .put("parameters", h.parameters())
                            .put("quantization", h.quantization())
                            .put("context_length", h.contextLength()));
            checked.verdict()
                    .ifPresent(v -> file.put("verdict", v.kind().wireName())
                            .put("verdict_reason", v.reason())
                            .put("needed_bytes", v.neededBytes()));
        }
        ObjectNode body = Json.object().put("repo", listing.repo());
        body.set("files", files);
        body.put("default", listing.chosen().map(HubFile::path).orElse(null));
        LocalEngine engine = runCheck.engine();
        body.putObject("engine")
                .put("name", engine.name())
                .put("version", engine.version())
                .put("install_command", RunCheck.INSTALL_COMMAND);
        Json.ok(res, body);
    }

    private void pull(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        PullRequest request = hubCall(() -> PullRequest.parse(Fields.requiredString(body, "model")));
        Optional<String> file = Fields.string(body, "file").filter(f -> !f.isBlank());
        boolean verify = Fields.bool(body, "verify").orElse(true);
        Puller.Plan plan = hubCall(() -> puller.plan(request, file, verify));
        try (Puller.Claim claim = hubCall(() -> puller.claim(plan))) {
            stream(req, res, plan, claim);
        }
    }

    private void stream(ServerRequest req, ServerResponse res, Puller.Plan plan, Puller.Claim claim) {
        try (EventStream stream = EventStream.open(req, res)) {
            try {
                puller.run(claim, event -> stream.send(event(event)));
            } catch (EventStream.ClientGone e) {
                throw e;
            } catch (PullException e) {
                failed(stream, plan, e.code(), e.getMessage());
            } catch (RuntimeException e) {
                // whatever went wrong, the stream still ends as documented: an error, then done
                failed(stream, plan, "pull_failed", String.valueOf(e));
            }
        } catch (EventStream.ClientGone e) {
            // the client left; the part file stays for the next pull to resume
        }
    }

    private static void failed(EventStream stream, Puller.Plan plan, String code, String message) {
        stream.send(StreamEvent.error(code, message));
        stream.send(new StreamEvent("done", Json.object().put("success", false).put("model", plan.model())));
    }

    /** A pull's event as the stream sends it; progress has the shape other long jobs share. */
    static StreamEvent event(PullEvent event) {
        return switch (event) {
            case PullEvent.Started s ->
                new StreamEvent(
                        "start",
                        Json.object()
                                .put("repo", s.repo())
                                .put("file", s.file())
                                .put("total_bytes", s.totalBytes())
                                .put("resumed_from", s.resumedFrom()));
            case PullEvent.Progress p -> StreamEvent.progress(p.downloadedBytes(), p.totalBytes(), p.bytesPerSecond());
            case PullEvent.Verifying v ->
                new StreamEvent("verify", Json.object().put("sha256", v.expectedSha256()));
            case PullEvent.Done d ->
                new StreamEvent(
                        "done",
                        Json.object()
                                .put("success", true)
                                .put("model", d.model())
                                .put("path", d.path().toString())
                                .put("bytes", d.bytes())
                                .put("verified", d.verified())
                                .put("already_present", d.alreadyPresent()));
        };
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
