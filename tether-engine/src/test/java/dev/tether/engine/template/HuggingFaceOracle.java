package dev.tether.engine.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Hugging Face's rendering as the oracle: {@code scripts/hf-chat-template.py} (python3 with jinja2, set up as
 * transformers does) and the real chat templates of llama.cpp's source tree. Missing either skips the test here,
 * and fails it on CI.
 */
final class HuggingFaceOracle {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Case(String template, Map<String, Object> context) {}

    /** A prompt, or the error Python raised. */
    record Result(String prompt, String error) {}

    private HuggingFaceOracle() {}

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/hf-chat-template.py"))) {
            dir = dir.getParent();
        }
        return require(dir, "the repository root with scripts/hf-chat-template.py");
    }

    /** {@code models/templates} of llama.cpp: $TETHER_LLAMA_SOURCE, else {@code scripts/llama-server.sh --source}. */
    static Path templates() {
        String env = System.getenv("TETHER_LLAMA_SOURCE");
        Path source = env != null && !env.isBlank()
                ? Path.of(env)
                : run(
                                List.of(
                                        "bash",
                                        repositoryRoot()
                                                .resolve("scripts/llama-server.sh")
                                                .toString(),
                                        "--source"),
                                "")
                        .map(out ->
                                Path.of(out.strip().lines().reduce((a, b) -> b).orElse("")))
                        .orElse(null);
        Path templates = source == null ? null : source.resolve("models/templates");
        return require(
                templates != null && Files.isDirectory(templates) ? templates : null,
                "llama.cpp's models/templates (set TETHER_LLAMA_SOURCE or run scripts/llama-server.sh --source)");
    }

    static String template(String file) {
        try {
            return Files.readString(templates().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read template " + file, e);
        }
    }

    static List<Result> render(List<Case> cases) {
        require(run(List.of("python3", "-c", "import jinja2"), "").orElse(null), "python3 with jinja2");
        try {
            String input = JSON.writeValueAsString(cases);
            String output = run(
                            List.of(
                                    "python3",
                                    repositoryRoot()
                                            .resolve("scripts/hf-chat-template.py")
                                            .toString()),
                            input)
                    .orElseThrow(() -> new AssertionError("hf-chat-template.py failed"));
            List<Result> results = new ArrayList<>();
            for (JsonNode node : JSON.readTree(output)) {
                results.add(new Result(
                        node.has("prompt") ? node.get("prompt").textValue() : null,
                        node.has("error") ? node.get("error").textValue() : null));
            }
            return results;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<String> run(List<String> command, String input) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Thread writer = Thread.ofVirtual().start(() -> {
                try (var in = process.getOutputStream()) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process ended early; its exit code says so
                }
            });
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            writer.join();
            return process.waitFor(10, TimeUnit.MINUTES) && process.exitValue() == 0
                    ? Optional.of(out)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static <T> T require(T value, String what) {
        if (value == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("missing on CI: " + what);
            }
            Assumptions.abort("not available here: " + what);
        }
        return value;
    }
}
