package dev.tether.engines;

import dev.tether.cli.CommandFailure;
import dev.tether.configfile.CommandLine;
import dev.tether.configfile.ConfigException;
import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.EngineCatalog;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code tether engine install|list|remove}: llama.cpp's {@code llama-server} for this machine, from its GitHub
 * releases into {@code <data_dir>/engines/}. Progress goes to stderr; {@code install} prints the executable's path
 * as its one line on stdout. A failure is one line on stderr and exit code 1 (2 for a bad command line).
 */
public final class EngineCli {

    static final String USAGE = """
            Usage: tether engine install [--backend auto|cpu|cuda|vulkan|opencl-adreno|metal] [--version bNNNN]
                   tether engine list
                   tether engine remove NAME          (NAME as list shows it, e.g. b7000-vulkan)
              --backend B     which build (default auto: what this machine's GPU runs best; see docs/gpu.md)
              --version TAG   a llama.cpp release tag (default: the latest release)
              --config FILE   the configuration whose data_dir and engines.* to use (or env TETHER_CONFIG)
            Env: TETHER_ENGINE_ENDPOINT (a GitHub API mirror; or engines.endpoint), GITHUB_TOKEN (a higher rate limit)""";

    private EngineCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System::getenv, System.out, System.err, null));
    }

    /**
     * @param installer the installer to use; null builds one from the configuration
     * @return 0 on success, 1 when the command failed, 2 for a bad command line
     */
    public static int run(
            String[] args, Function<String, String> env, PrintStream out, PrintStream err, EngineInstaller installer) {
        CommandLine line;
        TetherConfig config;
        try {
            line = CommandLine.parse(args, Set.of("--backend", "--version", "--config"), 2);
            if (line.help() || line.positional().isEmpty()) {
                (line.help() ? out : err).println(USAGE);
                return line.help() ? 0 : 2;
            }
            config = TetherConfig.load(line.configFile(env), Map.of(), env);
        } catch (IllegalArgumentException | ConfigException e) {
            return CommandFailure.report("tether engine", e, USAGE, err);
        }
        EngineInstaller engines = installer != null ? installer : EngineInstaller.from(config, env);
        String command = line.positional().getFirst();
        try {
            return switch (command) {
                case "install" -> install(line, engines, out, err);
                case "list" -> list(config, engines, env, out);
                case "remove" -> remove(line, engines, err);
                default -> {
                    err.println("tether engine: unknown command " + command + "\n" + USAGE);
                    yield 2;
                }
            };
        } catch (InstallException e) {
            err.println("tether engine: " + e.getMessage());
            return e.kind() == InstallException.Kind.BAD_REQUEST ? 2 : 1;
        }
    }

    private static int install(CommandLine line, EngineInstaller engines, PrintStream out, PrintStream err) {
        if (line.positional().size() > 1) {
            err.println("tether engine: install takes no NAME (use --backend and --version)\n" + USAGE);
            return 2;
        }
        String backend = line.option("--backend").orElse("auto").toLowerCase(Locale.ROOT);
        EngineInstaller.Request request = new EngineInstaller.Request(backend, line.option("--version"));
        InstalledEngine engine;
        try (EngineInstaller.Prepared prepared = engines.prepare(request)) {
            engine = prepared.run(new Progress(err));
        }
        err.println("Engine " + engine.name() + " (llama.cpp " + engine.version() + ", devices: "
                + (engine.devices().isEmpty() ? "CPU" : String.join("; ", engine.devices()))
                + ") is installed; the next model loaded uses it.");
        out.println(engine.path());
        return 0;
    }

    private static int list(
            TetherConfig config, EngineInstaller engines, Function<String, String> env, PrintStream out) {
        List<EngineCatalog.Installed> installed = EngineCatalog.installed(engines.engines());
        if (installed.isEmpty()) {
            out.println("No engine installed in " + engines.engines() + ".");
        }
        for (EngineCatalog.Installed engine : installed) {
            out.println(engine.name() + "  " + engine.backend() + "  " + engine.server());
        }
        EngineCatalog.Active active = EngineCatalog.active(config, env);
        out.println("Active: "
                + (active.llamaServer()
                        ? "llama-server " + active.version() + " (" + active.source() + ") "
                                + active.server().orElseThrow()
                        : active.engine()
                                + (active.version().isEmpty() ? "" : " (llama.cpp " + active.version() + ")")));
        EnginePlan auto = engines.plan("auto");
        out.println("Machine: " + AssetPicker.found(engines.machine()));
        out.println("auto installs: " + auto.assetPattern().orElse("nothing") + " — " + auto.why());
        return 0;
    }

    private static int remove(CommandLine line, EngineInstaller engines, PrintStream err) {
        if (line.positional().size() != 2) {
            err.println("tether engine: name the engine to remove, e.g. tether engine remove b7000-vulkan\n" + USAGE);
            return 2;
        }
        engines.remove(line.positional().get(1));
        err.println("Removed " + line.positional().get(1) + ".");
        return 0;
    }

    /** One line per step on stderr; download progress every tenth of the way. */
    private static final class Progress implements java.util.function.Consumer<InstallEvent> {

        private final PrintStream err;
        private long lastTenth = -1;

        Progress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void accept(InstallEvent event) {
            switch (event) {
                case InstallEvent.Started s ->
                    err.println("Installing llama.cpp " + s.tag() + " " + s.asset() + " ("
                            + mb(s.totalBytes()) + " MB"
                            + (s.resumedFrom() > 0 ? ", resuming at " + mb(s.resumedFrom()) + " MB" : "") + "): "
                            + s.why());
                case InstallEvent.Progress p -> {
                    long tenth = p.totalBytes() == 0 ? 10 : p.downloadedBytes() * 10 / p.totalBytes();
                    if (tenth != lastTenth) {
                        lastTenth = tenth;
                        err.println("  " + p.asset() + " " + tenth * 10 + "%  " + mb(p.downloadedBytes()) + " / "
                                + mb(p.totalBytes()) + " MB");
                    }
                }
                case InstallEvent.Verifying v -> {
                    lastTenth = -1;
                    err.println("Checking SHA-256 of " + v.asset() + " " + v.sha256());
                }
                case InstallEvent.Unpacking u -> err.println("Unpacking " + u.asset());
                case InstallEvent.Checking c -> err.println("Running " + c.server() + " --version");
                case InstallEvent.Done d -> {
                    if (d.alreadyPresent()) {
                        err.println("Already installed: " + d.engine().path());
                    }
                }
            }
        }

        private static String mb(long bytes) {
            return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
        }
    }
}
