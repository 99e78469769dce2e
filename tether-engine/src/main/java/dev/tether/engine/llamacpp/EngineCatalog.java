package dev.tether.engine.llamacpp;

import dev.tether.engine.config.TetherConfig;
import io.helidon.config.Config;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The llama-server builds Tether can use and the one {@code engine: auto} takes. The search order: the configured
 * {@code llama_server}, env {@code TETHER_LLAMA_SERVER}, {@code PATH}, the newest engine installed under
 * {@code <data_dir>/engines/} ({@code tether engine install}), the cache {@code scripts/llama-server.sh} builds
 * into, then {@code <dist_root>/bin/}; with none of them the embedded binding runs the models.
 */
public final class EngineCatalog {

    /** The folder under {@code data_dir} that {@code tether engine install} fills. */
    public static final String FOLDER = "engines";
    /** An installed engine's folder name: the release tag, then the backend ({@code b7000-vulkan}). */
    private static final Pattern NAME = Pattern.compile("b(\\d+)-([a-z0-9][a-z0-9.-]*)");

    private EngineCatalog() {}

    /** One engine under {@code <data_dir>/engines/}. */
    public record Installed(String name, String tag, String backend, Path server) {}

    /** Where {@code auto} found a llama-server: {@code config}, {@code env}, {@code path}, … */
    public record Found(Path server, String source) {}

    /**
     * The engine that runs the next model loaded: {@code llama-server} with its executable, version and devices, or
     * {@code embedded} (the bundled binding, whose architectures are fixed) with no path.
     *
     * @param source config, env, path, installed, script_cache, dist_bin, or embedded
     */
    public record Active(String engine, Optional<Path> server, String source, String version, List<String> devices) {

        public boolean llamaServer() {
            return server.isPresent();
        }
    }

    /** {@code <data_dir>/engines}. */
    public static Path folder(Path dataDir) {
        return dataDir.resolve(FOLDER);
    }

    /** Whether {@code name} has the form of an installed engine's folder ({@code b7000-vulkan}). */
    public static boolean isEngineName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The installed engines, newest release first (of one release, the last installed first). */
    public static List<Installed> installed(Path enginesFolder) {
        List<Installed> found = new ArrayList<>();
        if (!Files.isDirectory(enginesFolder)) {
            return found;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(enginesFolder, Files::isDirectory)) {
            for (Path dir : dirs) {
                Matcher m = NAME.matcher(dir.getFileName().toString());
                if (m.matches()) {
                    serverIn(dir)
                            .ifPresent(server -> found.add(
                                    new Installed(dir.getFileName().toString(), "b" + m.group(1), m.group(2), server)));
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(
                Comparator.comparingLong((Installed i) -> Long.parseLong(i.tag().substring(1)))
                        .reversed()
                        .thenComparing(i -> modified(i.server()), Comparator.reverseOrder()));
        return found;
    }

    /** The {@code llama-server} executable of an unpacked release: at its root or under {@code build/bin/}. */
    public static Optional<Path> serverIn(Path engineFolder) {
        for (Path candidate : List.of(
                engineFolder.resolve(executable()),
                engineFolder.resolve("build").resolve("bin").resolve(executable()))) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code llama-server.exe} on Windows, {@code llama-server} elsewhere. */
    public static String executable() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "llama-server.exe" : "llama-server";
    }

    /** The first llama-server of the search order; a configured path that is not executable finds nothing. */
    public static Optional<Found> find(
            Optional<Path> configured, Path dataDir, Path distRoot, Function<String, String> env) {
        if (configured.isPresent()) {
            return configured.filter(Files::isExecutable).map(p -> new Found(p, "config"));
        }
        String variable = env.apply(LlamaServerBinary.ENVIRONMENT);
        if (variable != null && !variable.isBlank() && runnable(Path.of(variable.strip()))) {
            return Optional.of(new Found(Path.of(variable.strip()), "env"));
        }
        String path = env.apply("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank() && runnable(Path.of(dir, executable()))) {
                    return Optional.of(new Found(Path.of(dir, executable()), "path"));
                }
            }
        }
        List<Installed> installed = installed(folder(dataDir));
        if (!installed.isEmpty()) {
            return Optional.of(new Found(installed.getFirst().server(), "installed"));
        }
        Optional<Path> cached = scriptCache(env);
        if (cached.isPresent()) {
            return Optional.of(new Found(cached.get(), "script_cache"));
        }
        Path inDist = distRoot.resolve("bin").resolve(executable());
        return runnable(inDist) ? Optional.of(new Found(inDist, "dist_bin")) : Optional.empty();
    }

    /**
     * The newest llama-server that {@code scripts/llama-server.sh} built: under {@code $TETHER_LLAMA_CACHE}, else
     * {@code $XDG_CACHE_HOME/tether/llama.cpp}, else {@code ~/.cache/tether/llama.cpp}, as
     * {@code <version>/build-<backend>/bin/llama-server}.
     */
    public static Optional<Path> scriptCache(Function<String, String> env) {
        Optional<Path> cache = nonBlank(env.apply("TETHER_LLAMA_CACHE"))
                .map(Path::of)
                .or(() -> nonBlank(env.apply("XDG_CACHE_HOME")).map(c -> Path.of(c, "tether", "llama.cpp")))
                .or(() -> nonBlank(env.apply("HOME"))
                        .or(() -> nonBlank(env.apply("USERPROFILE")))
                        .map(h -> Path.of(h, ".cache", "tether", "llama.cpp")));
        if (cache.isEmpty() || !Files.isDirectory(cache.get())) {
            return Optional.empty();
        }
        List<Path> builds = new ArrayList<>();
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(cache.get(), Files::isDirectory)) {
            for (Path version : versions) {
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(version, "build-*")) {
                    for (Path build : dirs) {
                        Path server = build.resolve("bin").resolve(executable());
                        if (runnable(server)) {
                            builds.add(server);
                        }
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return builds.stream().max(Comparator.comparing(EngineCatalog::modified));
    }

    /** {@code data_dir} as the provider's arguments see it (the root of the configuration they come from). */
    static Path dataDir(Config args) {
        return Path.of(args.root().get("data_dir").asString().orElse("data"));
    }

    /** {@link #active(TetherConfig, Function)} with this process's environment. */
    public static Active active(TetherConfig config) {
        return active(config, System::getenv);
    }

    /**
     * The engine the first llama.cpp provider of {@code config} would load the next model on; describing a
     * llama-server runs its {@code --version} and {@code --list-devices} once per executable.
     */
    public static Active active(TetherConfig config, Function<String, String> env) {
        Optional<TetherConfig.ProviderSettings> provider = config.providers().stream()
                .filter(p -> p.impl().equals(LlamaCppProvider.NAME))
                .findFirst();
        if (provider.isEmpty()) {
            return new Active("none", Optional.empty(), "none", "", List.of());
        }
        LlamaSettings settings = LlamaSettings.from(provider.get().args());
        Optional<Found> found = settings.engine() == LlamaSettings.Engine.EMBEDDED
                ? Optional.empty()
                : find(settings.llamaServer(), dataDir(provider.get().args()), settings.distRoot(), env);
        if (found.isEmpty()) {
            return new Active(
                    "embedded", Optional.empty(), "embedded", EmbeddedModel.LLAMA_CPP_RELEASE, List.of("CPU"));
        }
        LlamaServerBinary binary = LlamaServerBinary.describe(found.get().server());
        return new Active(
                "llama-server", Optional.of(binary.path()), found.get().source(), binary.version(), binary.devices());
    }

    /** What {@code llama-server --version} printed, reduced to the version ({@code 0.5.0 (build 1, commit …)}). */
    public static String version(String output) {
        return LlamaServerBinary.version(output);
    }

    /** An executable's version as its {@code --version} says (run once per executable, then remembered). */
    public static String version(Path server) {
        return LlamaServerBinary.describe(server).version();
    }

    /** The device lines {@code llama-server --list-devices} printed. */
    public static List<String> devices(String output) {
        return LlamaServerBinary.devices(output);
    }

    private static boolean runnable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
