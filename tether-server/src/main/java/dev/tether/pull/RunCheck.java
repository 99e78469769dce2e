package dev.tether.pull;

import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.EngineArchitectures;
import dev.tether.engine.llamacpp.GgufSummary;
import dev.tether.engine.llamacpp.LocalEngine;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Says for each file of a {@link Puller.Listing} whether it will run here: its header, read with a {@code Range}
 * request, names the architecture (which engine loads it) and the KV cache per token; its size plus the KV cache of
 * the configured context is weighed against free memory (or a GPU's, where the engine reports more there).
 */
public final class RunCheck {

    /** The command that installs llama-server, for messages. */
    public static final String INSTALL_COMMAND = "tether engine install";

    private static final int PARALLEL_PROBES = 4;

    /** One listed file with what its header said and the verdict; both empty for a split file (not pulled). */
    public record Checked(Puller.Choice choice, Optional<GgufSummary> summary, Optional<Verdict> verdict) {}

    private final HeaderProbe probe;
    private final Supplier<LocalEngine> engine;
    private final LongSupplier availableMemory;
    private final Duration deadline;

    /**
     * @param engine the engine models run on now (asked per listing: installing one changes it)
     */
    public RunCheck(HeaderProbe probe, Supplier<LocalEngine> engine, LongSupplier availableMemory, Duration deadline) {
        this.probe = probe;
        this.deadline = deadline;
        this.engine = engine;
        this.availableMemory = availableMemory;
    }

    /**
     * Probes through {@code hub} with {@code pull.probe_bytes}, for the engine of the first {@code llamacpp}
     * provider (none when there is no such provider) and this machine's free memory.
     */
    public static RunCheck from(TetherConfig config, HubClient hub, Function<String, String> env) {
        Optional<Config> args = config.providers().stream()
                .filter(p -> p.impl().equals("llamacpp"))
                .findFirst()
                .map(TetherConfig.ProviderSettings::args);
        Supplier<LocalEngine> engine = () -> args.map(a -> LocalEngine.of(a, env))
                .orElseGet(() -> new LocalEngine("none", Optional.empty(), "", List.of(), java.util.Set.of(), 0, 1));
        return new RunCheck(
                new HeaderProbe(hub, config.pull().probeBytes()), engine, MachineMemory::availableBytes, hub.timeout());
    }

    public LocalEngine engine() {
        return engine.get();
    }

    /**
     * The listing's files in order, their headers read a few at a time, all within one deadline
     * ({@code pull.timeout_sec}): a file whose header has not arrived by then is "unknown".
     */
    public List<Checked> check(Puller.Listing listing) {
        long until = System.nanoTime() + deadline.toNanos();
        LocalEngine active = engine.get();
        long memory = availableMemory.getAsLong();
        Semaphore slots = new Semaphore(PARALLEL_PROBES);
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Checked>> pending = new ArrayList<>();
            for (Puller.Choice choice : listing.files()) {
                pending.add(probes.submit(() -> {
                    if (choice.split()) {
                        return new Checked(choice, Optional.empty(), Optional.empty());
                    }
                    slots.acquire();
                    try {
                        HeaderProbe.Result header = probe.probe(listing.repo(), choice.file(), until);
                        return new Checked(
                                choice,
                                header.summary(),
                                Optional.of(judge(choice.file().size(), header, active, memory)));
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<Checked> checked = new ArrayList<>();
            for (Future<Checked> f : pending) {
                checked.add(f.get());
            }
            return checked;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException(PullException.Kind.UNAVAILABLE, "cancelled", "the listing was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a header probe failed", e.getCause());
        }
    }

    static Verdict judge(long fileSize, HeaderProbe.Result header, LocalEngine engine, long memory) {
        long budget = Math.max(memory, engine.gpuFreeBytes().orElse(0));
        String where = engine.gpuFreeBytes().isPresent() && budget > memory ? "free on the GPU" : "free memory";
        if (header.summary().isEmpty()) {
            if (fileSize > budget) {
                return tooBig(fileSize, "its weights", budget, where);
            }
            return new Verdict(
                    Verdict.Kind.UNKNOWN,
                    "cannot tell whether it runs: " + header.error().orElse("no header"),
                    fileSize,
                    budget);
        }
        GgufSummary summary = header.summary().get();
        long cacheTokens = engine.contextTokens(summary.contextLength());
        long needed = fileSize + summary.kvBytesPerToken() * cacheTokens;
        if (needed > budget) {
            return tooBig(
                    needed,
                    "weights " + ProgressBar.size(fileSize) + " plus the KV cache of " + cacheTokens + " tokens",
                    budget,
                    where);
        }
        String arch = summary.architecture();
        String fits = "needs about " + ProgressBar.size(needed) + " of " + ProgressBar.size(budget) + " " + where;
        if (engine.architectures().contains(arch)) {
            return new Verdict(Verdict.Kind.RUNS, "runs here on " + describe(engine) + "; " + fits, needed, budget);
        }
        if (!engine.isLlamaServer() && EngineArchitectures.llamaServer("").contains(arch)) {
            String now = engine.name().equals("none")
                    ? "no llama-server is installed"
                    : "the embedded engine (llama.cpp " + engine.version() + ") does not load " + arch;
            return new Verdict(
                    Verdict.Kind.NEEDS_ENGINE,
                    arch + " needs the llama.cpp engine: " + now + ". Install it with: " + INSTALL_COMMAND,
                    needed,
                    budget);
        }
        return new Verdict(
                Verdict.Kind.UNSUPPORTED,
                "no engine Tether knows runs the architecture '" + arch + "'"
                        + (engine.isLlamaServer()
                                ? " (llama-server " + engine.version() + "; a newer one may: " + INSTALL_COMMAND + ")"
                                : ""),
                needed,
                budget);
    }

    private static Verdict tooBig(long needed, String what, long budget, String where) {
        return new Verdict(
                Verdict.Kind.TOO_BIG,
                "too big for this machine: " + what + " need about " + ProgressBar.size(needed) + ", and "
                        + ProgressBar.size(budget) + " is " + where,
                needed,
                budget);
    }

    private static String describe(LocalEngine engine) {
        return engine.isLlamaServer()
                ? "llama-server " + engine.version()
                : "the embedded engine (llama.cpp " + engine.version() + ")";
    }
}
