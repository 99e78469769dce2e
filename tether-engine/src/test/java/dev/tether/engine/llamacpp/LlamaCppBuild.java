package dev.tether.engine.llamacpp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * The llama.cpp build that {@code scripts/llama-server.sh} makes, as tests find it: the {@code llama-server}
 * executable and the llama.cpp source tree (vocab GGUFs, chat templates) it was built from.
 *
 * <p>Found through the environment variables {@code TETHER_LLAMA_SERVER} and {@code TETHER_LLAMA_SOURCE} (which
 * {@code ./run-tests} exports), or the system properties {@code tether.llama.server} and {@code tether.llama.source}.
 * When one is missing, a test that needs it is skipped, except on CI ({@code CI=true}), where it fails.
 */
public final class LlamaCppBuild {

    private static final Location SERVER = new Location(
            "TETHER_LLAMA_SERVER", "tether.llama.server", "the llama-server executable", Files::isExecutable);
    private static final Location SOURCE = new Location(
            "TETHER_LLAMA_SOURCE",
            "tether.llama.source",
            "the llama.cpp source tree",
            dir -> Files.isDirectory(dir.resolve("models/templates")));
    private static final String HOW = "run ./run-tests, or export TETHER_LLAMA_SERVER=\"$(scripts/llama-server.sh"
            + " | tail -1)\" TETHER_LLAMA_SOURCE=\"$(scripts/llama-server.sh --source)\"";

    private LlamaCppBuild() {}

    /** The {@code llama-server} executable; skips the calling test (fails it on CI) when there is none. */
    public static Path server() {
        return SERVER.require();
    }

    /** The llama.cpp source tree; skips the calling test (fails it on CI) when there is none. */
    public static Path source() {
        return SOURCE.require();
    }

    /** A file of the source tree, such as {@code models/ggml-vocab-qwen2.gguf}; it must exist. */
    public static Path sourceFile(String relative) {
        Path file = source().resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the llama.cpp source tree has no " + relative + " (" + file + ")");
        }
        return file;
    }

    /** Whether both are there, for code that chooses (a benchmark) rather than requires (a test). */
    public static boolean available() {
        return SERVER.find().isPresent() && SOURCE.find().isPresent();
    }

    private record Location(String variable, String property, String what, Predicate<Path> valid) {

        Optional<Path> find() {
            return configured().map(Path::of).filter(valid);
        }

        Optional<String> configured() {
            String value = System.getProperty(property, System.getenv(variable));
            return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
        }

        Path require() {
            Optional<Path> found = find();
            if (found.isPresent()) {
                return found.get();
            }
            String message = "needs " + what + ": "
                    + configured().map(v -> variable + "=" + v + " is not it").orElse(variable + " is not set") + "; "
                    + HOW;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI " + message);
            }
            Assumptions.abort(message);
            throw new AssertionError(message); // not reached: abort throws
        }
    }
}
