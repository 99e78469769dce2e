package dev.tether.engine.llamacpp;

import io.helidon.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine a {@code llamacpp} provider's settings lead to, as {@link LlamaCppProvider} chooses it, with what
 * decides whether a model will run there: the architectures it loads, the context each model gets and the GPU
 * memory its devices report.
 *
 * @param name          {@code llama-server}, {@code embedded}, or {@code none} ({@code engine: llama-server} and
 *                      none found)
 * @param path          llama-server's executable
 * @param version       what {@code --version} says, or {@code b4916} for the embedded binding
 * @param devices       {@code --list-devices}' lines
 * @param nCtx          the configured context per sequence; 0 for the model's training context capped at 4096
 * @param parallel      sequences per model: the KV cache holds {@code nCtx × parallel} tokens
 */
public record LocalEngine(
        String name,
        Optional<Path> path,
        String version,
        List<String> devices,
        Set<String> architectures,
        int nCtx,
        int parallel) {

    public static final String EMBEDDED_VERSION = "b4916";
    private static final int DEFAULT_CONTEXT_CAP = 4096;
    private static final Pattern FREE = Pattern.compile("(\\d+) MiB free");

    public LocalEngine {
        devices = List.copyOf(devices);
        architectures = Set.copyOf(architectures);
    }

    /** The engine of the {@code llamacpp} provider whose {@code args} these are. */
    public static LocalEngine of(Config args, Function<String, String> environment) {
        LlamaSettings settings = LlamaSettings.from(args);
        if (settings.engine() == LlamaSettings.Engine.EMBEDDED) {
            return embedded(settings);
        }
        Optional<Path> found = EngineCatalog.find(
                        settings.llamaServer(), EngineCatalog.dataDir(args), settings.distRoot(), environment)
                .map(EngineCatalog.Found::server);
        if (found.isEmpty()) {
            return settings.engine() == LlamaSettings.Engine.AUTO
                            && settings.llamaServer().isEmpty()
                    ? embedded(settings)
                    : new LocalEngine(
                            "none", Optional.empty(), "", List.of(), Set.of(), settings.nCtx(), settings.parallel());
        }
        LlamaServerBinary binary = LlamaServerBinary.describe(found.get());
        return new LocalEngine(
                "llama-server",
                found,
                binary.version(),
                binary.devices(),
                EngineArchitectures.llamaServer(binary.version()),
                settings.nCtx(),
                settings.parallel());
    }

    private static LocalEngine embedded(LlamaSettings settings) {
        return new LocalEngine(
                "embedded",
                Optional.empty(),
                EMBEDDED_VERSION,
                List.of(),
                EngineArchitectures.embedded(),
                settings.nCtx(),
                settings.parallel());
    }

    public boolean isLlamaServer() {
        return name.equals("llama-server");
    }

    /** Tokens of KV cache a model with this training context gets: {@code n_ctx × parallel}. */
    public long contextTokens(long trainingContext) {
        long perSequence = nCtx > 0
                ? nCtx
                : trainingContext > 0 ? Math.min(trainingContext, DEFAULT_CONTEXT_CAP) : DEFAULT_CONTEXT_CAP;
        return perSequence * parallel;
    }

    /** The largest free memory one GPU device reports ({@code CUDA0: … (24576 MiB, 23000 MiB free)}). */
    public OptionalLong gpuFreeBytes() {
        return devices.stream()
                .map(FREE::matcher)
                .filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1)) << 20)
                .max();
    }
}
