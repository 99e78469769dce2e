package dev.tether.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.EngineCatalog;
import dev.tether.engines.EngineInstaller;
import dev.tether.engines.EnginePlan;
import dev.tether.engines.InstallEvent;
import dev.tether.engines.InstallException;
import dev.tether.engines.InstalledEngine;
import dev.tether.engines.MachineFacts;
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
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The llama.cpp engines: {@code GET /engines} (installed ones, the active one, this machine's facts and what
 * {@code auto} would install, with why), {@code POST /engines/install} with {@code {"backend":"auto","version":null}}
 * streaming progress in {@code POST /models/pull}'s framing ({@code start}, {@code progress}…, {@code verify},
 * {@code unpack}, {@code check}, and always {@code done} last, after an {@code error} when it failed), and
 * {@code DELETE /engines/{name}}. A refusal before the stream (bad body, another install running, GitHub
 * unreachable, no matching file) is a JSON error with its status.
 */
final class EngineService implements HttpService {

    private static final Status INSUFFICIENT_STORAGE = Status.create(507, "Insufficient Storage");

    private final EngineInstaller installer;
    private final TetherConfig config;
    private final Function<String, String> env;
    private final long maxBodyBytes;

    EngineService(EngineInstaller installer, TetherConfig config, Function<String, String> env, long maxBodyBytes) {
        this.installer = installer;
        this.config = config;
        this.env = env;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        Routes.on(rules)
                .get("/engines", this::list)
                .post("/engines/install", this::install)
                .delete("/engines/{name}", this::remove)
                .otherMethodsNotAllowed();
    }

    private void list(ServerRequest req, ServerResponse res) {
        EngineCatalog.Active active = EngineCatalog.active(config, env);
        ObjectNode body = Json.object();
        ArrayNode engines = body.putArray("engines");
        for (EngineCatalog.Installed engine : EngineCatalog.installed(installer.engines())) {
            engines.add(Json.object()
                    .put("name", engine.name())
                    .put("version", EngineCatalog.version(engine.server()))
                    .put("backend", engine.backend())
                    .put("path", engine.server().toAbsolutePath().toString())
                    .put("active", isActive(active, engine.server())));
        }
        if (active.llamaServer()) {
            Path server = active.server().orElseThrow();
            ObjectNode a = body.putObject("active")
                    .put("engine", active.engine())
                    .put("name", installedName(server).orElse(null))
                    .put("path", server.toString())
                    .put("version", active.version())
                    .put("source", active.source());
            ArrayNode devices = a.putArray("devices");
            active.devices().forEach(devices::add);
        } else {
            body.putNull("active");
        }
        body.put(
                "fallback",
                active.engine().equals("embedded")
                        ? "embedded (llama.cpp " + active.version() + ", older architectures only)"
                        : null);
        MachineFacts machine = installer.machine();
        ObjectNode facts = body.putObject("machine").put("os", machine.os()).put("arch", machine.arch());
        ArrayNode gpus = facts.putArray("gpus");
        machine.gpus().forEach(g -> gpus.addObject().put("vendor", g.vendor()).put("name", g.name()));
        facts.put("vulkan", machine.vulkan());
        EnginePlan auto = installer.plan("auto");
        ObjectNode autoJson = body.putObject("auto")
                .put("backend", auto.backend().isEmpty() ? null : auto.backend())
                .put("asset", auto.assetPattern().orElse(null))
                .put("why", auto.why())
                .put("supported", auto.supported());
        if (active.engine().equals("embedded") || !active.llamaServer()) {
            installer
                    .latest("auto")
                    .ifPresent(choice -> autoJson.put(
                                    "version", choice.plan().backend().isEmpty() ? null : tagOf(choice))
                            .put(
                                    "size",
                                    choice.archive().size()
                                            + choice.companion()
                                                    .map(a -> a.size())
                                                    .orElse(0L)));
        }
        Json.ok(res, body);
    }

    private static String tagOf(dev.tether.engines.AssetPicker.Choice choice) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("llama-(b\\d+)-")
                .matcher(choice.archive().name());
        return m.find() ? m.group(1) : null;
    }

    private void install(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.readObject(req, maxBodyBytes);
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("backend") && !field.equals("version")) {
                throw ApiError.badRequest(
                        "invalid_field",
                        "unknown field " + field + "; the body is {\"backend\":"
                                + " \"auto\", \"version\": null} (both optional)");
            }
        });
        String backend = Fields.string(body, "backend")
                .filter(b -> !b.isBlank())
                .orElse("auto")
                .toLowerCase(Locale.ROOT);
        Optional<String> version = Fields.string(body, "version").filter(v -> !v.isBlank());
        EngineInstaller.Prepared prepared =
                before(() -> installer.prepare(new EngineInstaller.Request(backend, version)));
        try (prepared;
                EventStream stream = EventStream.open(req, res)) {
            try {
                prepared.run(event -> stream.send(new StreamEvent(type(event), data(event))));
            } catch (EventStream.ClientGone e) {
                // the client left: the install stopped, a download's part stays for the next try to resume
            } catch (InstallException e) {
                failed(stream, e.code(), e.getMessage(), prepared.name());
            } catch (RuntimeException e) {
                failed(stream, "install_failed", "the install failed: " + e, prepared.name());
            }
        } catch (Exception e) {
            // the client left while the failure was told or the stream closed: nothing more to say
        }
    }

    private static void failed(EventStream stream, String code, String message, String engine) {
        stream.send(StreamEvent.error(code, message));
        stream.send(new StreamEvent("done", Json.object().put("success", false).put("engine", engine)));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        before(() -> {
            installer.remove(name);
            return name;
        });
        Json.ok(res, Json.object().put("removed", name));
    }

    static String type(InstallEvent event) {
        return switch (event) {
            case InstallEvent.Started s -> "start";
            case InstallEvent.Progress p -> "progress";
            case InstallEvent.Verifying v -> "verify";
            case InstallEvent.Unpacking u -> "unpack";
            case InstallEvent.Checking c -> "check";
            case InstallEvent.Done d -> "done";
        };
    }

    ObjectNode data(InstallEvent event) {
        return switch (event) {
            case InstallEvent.Started s ->
                Json.object()
                        .put("tag", s.tag())
                        .put("asset", s.asset())
                        .put("backend", s.backend())
                        .put("why", s.why())
                        .put("total_bytes", s.totalBytes())
                        .put("resumed_from", s.resumedFrom());
            case InstallEvent.Progress p ->
                Json.object()
                        .put("asset", p.asset())
                        .put("downloaded_bytes", p.downloadedBytes())
                        .put("total_bytes", p.totalBytes())
                        .put("bytes_per_second", Math.round(p.bytesPerSecond()));
            case InstallEvent.Verifying v ->
                Json.object().put("asset", v.asset()).put("sha256", v.sha256());
            case InstallEvent.Unpacking u -> Json.object().put("asset", u.asset());
            case InstallEvent.Checking c -> Json.object().put("path", c.server());
            case InstallEvent.Done d -> {
                ObjectNode done = Json.object().put("success", true).put("already_present", d.alreadyPresent());
                done.set("engine", engineJson(d.engine()));
                yield done;
            }
        };
    }

    private ObjectNode engineJson(InstalledEngine engine) {
        ObjectNode json = Json.object()
                .put("name", engine.name())
                .put("version", engine.version())
                .put("backend", engine.backend())
                .put("path", engine.path().toString())
                .put("active", isActive(EngineCatalog.active(config, env), engine.path()));
        ArrayNode devices = json.putArray("devices");
        engine.devices().forEach(devices::add);
        return json;
    }

    private static boolean isActive(EngineCatalog.Active active, Path server) {
        return active.server()
                .map(p -> p.toAbsolutePath()
                        .normalize()
                        .equals(server.toAbsolutePath().normalize()))
                .orElse(false);
    }

    private Optional<String> installedName(Path server) {
        Path folder = installer.engines().toAbsolutePath().normalize();
        Path path = server.toAbsolutePath().normalize();
        return path.startsWith(folder) && path.getNameCount() > folder.getNameCount()
                ? Optional.of(path.getName(folder.getNameCount()).toString())
                : Optional.empty();
    }

    /** Runs a step before the stream starts: a failure is a JSON error with the status its kind fits. */
    private static <T> T before(Supplier<T> step) {
        try {
            return step.get();
        } catch (InstallException e) {
            throw new ApiError(
                    switch (e.kind()) {
                        case BAD_REQUEST -> Status.BAD_REQUEST_400;
                        case NOT_FOUND -> Status.NOT_FOUND_404;
                        case CONFLICT -> Status.CONFLICT_409;
                        case UNAVAILABLE -> Status.BAD_GATEWAY_502;
                        case INSUFFICIENT_STORAGE -> INSUFFICIENT_STORAGE;
                    },
                    e.code(),
                    e.getMessage());
        }
    }
}
