package dev.tether.engine.llamacpp;

import dev.tether.configfile.ConfigException;
import dev.tether.engine.model.AdmissionQueue;
import dev.tether.engine.template.JinjaLimits;
import io.helidon.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code llamacpp} provider's {@code args}. {@code nCtx} is the context of one sequence; the engine's KV cache
 * holds {@code nCtx × parallel} tokens. {@code nCtx} 0 means the model's training context, capped at 4096.
 * {@code cacheReuse} is llama.cpp's {@code --cache-reuse}: the shortest cached chunk moved (KV-shifted) into place
 * when the prompt changed in the middle, as it does when old turns are trimmed; 0 turns it off.
 * {@code llamaServer} is the configured executable (else found by {@link LlamaServerBinary}); {@code logDir} holds
 * each llama-server child's log; {@code forcedStringChars} bounds each string of a forced tool call's arguments;
 * {@code templateLimits} bound one render of a model's chat template ({@code template_max_*}).
 * {@code kvPersist} keeps each session's slot on disk under {@code dataDir/kv} across unloads and restarts, within
 * {@code kvCacheMaxGb} (0: a tenth of the free space).
 */
record LlamaSettings(
        Path distRoot,
        Optional<Path> model,
        Optional<String> modelName,
        int nCtx,
        int parallel,
        int maxQueued,
        int threads,
        Optional<Integer> nGpuLayers,
        String device,
        Optional<Path> nativeLibPath,
        Optional<String> chatTemplate,
        String toolFormat,
        Duration keepAlive,
        int cacheReuse,
        String workerJvmOptions,
        Engine engine,
        Optional<Path> llamaServer,
        List<String> llamaServerArgs,
        Path logDir,
        int forcedStringChars,
        JinjaLimits templateLimits,
        List<String> embeddingModels,
        Path dataDir,
        boolean kvPersist,
        double kvCacheMaxGb) {

    /** Which engine runs the models: {@code auto} is llama-server when one is found, else the embedded binding. */
    enum Engine {
        AUTO,
        LLAMA_SERVER,
        EMBEDDED;

        static Engine parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "auto", "" -> AUTO;
                case "llama-server", "llama_server" -> LLAMA_SERVER;
                case "embedded" -> EMBEDDED;
                default ->
                    throw new ConfigException(
                            KEY + ".engine", "must be auto, llama-server or embedded, not '" + text + "'");
            };
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final String KEY = "providers.model.args";

    static LlamaSettings from(Config args) {
        String device = args.get("device").asString().orElse("auto").toLowerCase(Locale.ROOT);
        if (!device.matches("auto|cpu|cuda|vulkan|opencl")) {
            throw new ConfigException(
                    KEY + ".device", "must be auto, cpu, cuda, vulkan or opencl, not '" + device + "'");
        }
        return new LlamaSettings(
                Path.of(args.get("dist_root").asString().orElse("dist")),
                args.get("model").asString().map(Path::of),
                args.get("model_name").asString().filter(s -> !s.isBlank()),
                atLeast(args, "n_ctx", 0, 0),
                atLeast(args, "parallel", 2, 1),
                atLeast(args, "max_queued", AdmissionQueue.UNBOUNDED, 0),
                atLeast(args, "threads", 0, 0),
                args.get("n_gpu_layers").asInt().asOptional(),
                device,
                args.get("native_lib_path").asString().filter(s -> !s.isBlank()).map(Path::of),
                args.get("chat_template").asString().filter(s -> !s.isBlank()),
                args.get("tool_format").asString().orElse("auto"),
                keepAlive(args.get("keep_alive").asString().orElse("5m")),
                atLeast(args, "cache_reuse", 64, 0),
                args.get("worker_jvm_options").asString().orElse("-Xmx512m -XX:+UseSerialGC"),
                Engine.parse(args.get("engine").asString().orElse("auto")),
                args.get("llama_server").asString().filter(s -> !s.isBlank()).map(Path::of),
                args.get("llama_server_args").asList(String.class).orElse(List.of()),
                logDir(args),
                atLeast(args, "forced_string_chars", 256, 1),
                templateLimits(args),
                args.get("embedding_models").asList(String.class).orElse(List.of()),
                EngineCatalog.dataDir(args),
                args.get("kv_persist").asBoolean().orElse(true),
                args.get("kv_cache_max_gb").asDouble().orElse(0.0));
    }

    /** {@code template_max_*}: what one render of a model's chat template may cost before it falls back. */
    private static JinjaLimits templateLimits(Config args) {
        JinjaLimits defaults = JinjaLimits.DEFAULTS;
        return new JinjaLimits(
                atLeast(args, "template_max_steps", defaults.maxSteps()),
                atLeast(args, "template_max_chars", defaults.maxValueChars()),
                atLeast(args, "template_max_output_chars", defaults.maxOutputChars()),
                atLeast(args, "template_max_nesting", defaults.maxNesting(), 1),
                atLeast(args, "template_max_call_depth", defaults.maxCallDepth(), 1));
    }

    private static long atLeast(Config args, String key, long fallback) {
        long value = args.get(key).asLong().orElse(fallback);
        if (value < 1) {
            throw new ConfigException(KEY + "." + key, "must be at least 1, not " + value);
        }
        return value;
    }

    /** {@code log_dir}, else {@code logs} in the server's {@code data_dir}. */
    private static Path logDir(Config args) {
        return args.get("log_dir")
                .asString()
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(args.root().get("data_dir").asString().orElse("data"), "logs"));
    }

    /** Threads for the engine: configured, or the physical cores. */
    int effectiveThreads() {
        return threads > 0 ? threads : Cpus.physicalCores();
    }

    /** What llama.cpp's {@code --device} gets: empty for automatic choice. */
    String deviceName() {
        return switch (device) {
            case "cpu" -> "none";
            case "cuda" -> "CUDA0";
            case "vulkan" -> "Vulkan0";
            case "opencl" -> "GPUOpenCL";
            default -> "";
        };
    }

    int effectiveGpuLayers() {
        return nGpuLayers.orElse(device.equals("cpu") ? 0 : 999);
    }

    private static int atLeast(Config args, String key, int fallback, int minimum) {
        int value = args.get(key).asInt().orElse(fallback);
        if (value < minimum) {
            throw new ConfigException(KEY + "." + key, "must be at least " + minimum + ", not " + value);
        }
        return value;
    }

    /** {@code 5m}, {@code 30s}, {@code 1h}, plain seconds; {@code 0} unloads after each call, negative never. */
    static Duration keepAlive(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("-")) {
                return Duration.ofSeconds(-1);
            }
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConfigException(
                    KEY + ".keep_alive", "expected a duration like 30s, 5m or 1h, not '" + text + "'");
        }
    }
}
