package dev.tether.pull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to pull: {@code owner/repo} and an optional quantization, written {@code owner/repo[:quant]} (as in
 * {@code tether pull Qwen/Qwen3-4B-GGUF:Q4_K_M}).
 */
public record PullRequest(String repo, Optional<String> quant) {

    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern QUANT = Pattern.compile("[A-Za-z0-9_.-]+");

    public PullRequest {
        if (repo == null || !REPO.matcher(repo).matches() || repo.contains("..")) {
            throw new PullException(
                    PullException.Kind.BAD_REQUEST,
                    "bad_model",
                    "expected a Hugging Face repository as owner/repo[:quant], e.g. Qwen/Qwen2.5-3B-Instruct-GGUF:Q4_K_M; got "
                            + repo);
        }
        quant = quant.map(String::strip).filter(q -> !q.isEmpty());
        if (quant.isPresent() && !QUANT.matcher(quant.get()).matches()) {
            throw new PullException(
                    PullException.Kind.BAD_REQUEST,
                    "bad_model",
                    "a quantization is letters, digits and _ . -, e.g. Q4_K_M; got " + quant.get());
        }
    }

    /** Parses {@code owner/repo[:quant]}. */
    public static PullRequest parse(String text) {
        String spec = text == null ? "" : text.strip();
        int colon = spec.indexOf(':');
        return colon < 0
                ? new PullRequest(spec, Optional.empty())
                : new PullRequest(spec.substring(0, colon), Optional.of(spec.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return repo + quant.map(q -> ":" + q).orElse("");
    }
}
