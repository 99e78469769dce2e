package dev.tether.pull;

import dev.tether.cli.CommandFailure;
import dev.tether.configfile.CommandLine;
import dev.tether.configfile.ConfigException;
import dev.tether.engine.config.TetherConfig;
import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@code tether pull owner/repo[:quant]}: downloads a GGUF model from the Hugging Face Hub into {@code dist_root}
 * (from {@code --config}/{@code TETHER_CONFIG}, or {@code --dist DIR}). Progress goes to stderr; the saved file's
 * path is the one line on stdout.
 */
public final class PullCli {

    static final String USAGE = """
            Usage: tether pull OWNER/REPO[:QUANT] [--list] [--dist DIR] [--config FILE] [--no-verify]
              e.g. tether pull Qwen/Qwen2.5-3B-Instruct-GGUF   (runs on every engine, the embedded one too)
                   tether pull Qwen/Qwen3-4B-GGUF:Q4_K_M       (Qwen3 needs the llama.cpp engine: tether engine install)
              no QUANT: Q4_K_M if the repository has it
              --no-verify     accept a file the hub publishes no SHA-256 for
              --list          list the repository's GGUF files and whether each runs here (read from their
                              headers), without downloading
              --dist DIR      where models go (default: pull.dist_root, else providers.model.args.dist_root, dist)
              --config FILE   the configuration whose dist_root to use (or env TETHER_CONFIG)
              --no-verify     accept a file for which the hub publishes no SHA-256 (otherwise refused)
            Env: HF_ENDPOINT (a hub mirror; or pull.hub_endpoint), HF_TOKEN (gated or private repositories)""";

    private PullCli() {}

    public static void main(String[] args) {
        AtomicBoolean finished = new AtomicBoolean();
        // Ctrl-C ends the JVM through its shutdown hooks: say that the part is kept and how to go on
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished.get()) {
                System.err.println();
                System.err.println(resumeHint(args));
            }
        }));
        int code = run(args, System::getenv, System.out, System.err, interactive());
        finished.set(true);
        System.exit(code);
    }

    /** What a pull stopped before its end says: the bytes so far are kept, and the same command resumes. */
    static String resumeHint(String[] args) {
        return "tether pull: stopped. What was downloaded is kept; run the same command to resume: tether pull "
                + String.join(" ", args);
    }

    /** @return 0 when the model is in place, 1 when the pull failed, 2 for a bad command line */
    public static int run(
            String[] args, Function<String, String> env, PrintStream out, PrintStream err, boolean liveProgress) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (IllegalArgumentException | ConfigException e) {
            return CommandFailure.report("tether pull", e, USAGE, err);
        }
        if (options.help()) {
            out.println(USAGE);
            return 0;
        }
        try {
            HubClient hub = HubClient.from(options.config().pull(), env);
            Puller puller = new Puller(hub, options.distRoot());
            RunCheck check = RunCheck.from(options.config(), hub, env);
            if (options.list()) {
                ListingPrinter.print(puller.list(options.request()), check, out);
                return 0;
            }
            Puller.Plan plan = puller.plan(options.request(), Optional.empty(), options.verify());
            warnIfItWillNotRun(plan, check, err);
            PullEvent.Done done = puller.run(plan, new ProgressBar(err, liveProgress));
            err.println("Model '" + done.model() + "' is ready: start ./tether and pick it, or ./tether --model "
                    + done.path());
            out.println(done.path().toAbsolutePath());
            return 0;
        } catch (PullException e) {
            err.println();
            err.println("tether pull: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println();
            err.println("tether pull: the pull failed: " + e);
            return 1;
        }
    }

    /** Says before the download when the chosen file will not run on what is installed (the pull goes on). */
    private static void warnIfItWillNotRun(Puller.Plan plan, RunCheck check, PrintStream err) {
        Puller.Listing one = new Puller.Listing(
                plan.repo(), java.util.List.of(new Puller.Choice(plan.file(), false, false)), Optional.of(plan.file()));
        check.check(one)
                .getFirst()
                .verdict()
                .filter(v -> v.kind() != Verdict.Kind.RUNS)
                .ifPresent(v -> err.println("tether pull: note: " + plan.file().fileName() + ": " + v.reason()));
    }

    /** True when a person watches: a terminal that can redraw a line. */
    static boolean interactive() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            // Java 22+ always has a Console; isTerminal says whether it is a real one
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a Console exists only for a terminal
        }
    }

    record Options(
            PullRequest request, TetherConfig config, Path distRoot, boolean help, boolean list, boolean verify) {

        static Options parse(String[] args, Function<String, String> env) {
            java.util.List<String> all = java.util.Arrays.asList(args);
            boolean list = all.contains("--list");
            boolean verify = !all.contains("--no-verify");
            CommandLine line = CommandLine.parse(
                    java.util.Arrays.stream(args)
                            .filter(a -> !a.equals("--list") && !a.equals("--no-verify"))
                            .toArray(String[]::new),
                    Set.of("--dist", "--config"),
                    1);
            if (line.help()) {
                return new Options(null, null, null, true, false, verify);
            }
            String model =
                    line.positional().isEmpty() ? null : line.positional().getFirst();
            String dist = line.option("--dist").orElse(null);
            Optional<Path> config = line.configFile(env);
            if (model == null) {
                throw new IllegalArgumentException("name a repository, e.g. Qwen/Qwen2.5-3B-Instruct-GGUF:Q4_K_M");
            }
            PullRequest request;
            try {
                request = PullRequest.parse(model);
            } catch (PullException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            TetherConfig loaded = TetherConfig.load(config, Map.of(), env);
            return new Options(
                    request, loaded, dist != null ? Path.of(dist) : PullCli.distRoot(loaded), false, list, verify);
        }
    }

    /** {@code pull.dist_root}, else the {@code dist_root} of the first llama.cpp provider, else {@code dist}. */
    public static Path distRoot(TetherConfig config) {
        if (!config.pull().distRoot().isBlank()) {
            return Path.of(config.pull().distRoot());
        }
        return config.providers().stream()
                .filter(p -> p.impl().equals("llamacpp"))
                .findFirst()
                .flatMap(p -> p.args().get("dist_root").asString().asOptional())
                .map(Path::of)
                .orElse(Path.of("dist"));
    }
}
