package dev.tether.pull;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Picks the one GGUF file of a repository to download: the quantization asked for, or else the first of
 * {@link #PREFERRED} the repository has (a 4-bit K-quant is the usual balance of size and quality), or else the
 * smallest file. Vision projectors ({@code mmproj}) are never picked.
 */
final class QuantPicker {

    static final List<String> PREFERRED = List.of("Q4_K_M", "Q4_K_S", "Q4_0", "Q5_K_M", "Q6_K", "Q8_0");

    private static final Pattern SPLIT = Pattern.compile("-\\d{5}-of-\\d{5}\\.gguf$");

    private QuantPicker() {}

    static HubFile pick(String repo, List<HubFile> files, Optional<String> quant) {
        List<HubFile> models = models(repo, files);
        return whole(quant.map(q -> byQuant(repo, models, q)).orElseGet(() -> byDefault(models)));
    }

    /** The file at {@code path} in the repository, if it is a model file that a pull can take. */
    static HubFile byPath(String repo, List<HubFile> files, String path) {
        return whole(models(repo, files).stream()
                .filter(f -> f.path().equals(path))
                .findFirst()
                .orElseThrow(() -> new PullException(
                        PullException.Kind.NOT_FOUND,
                        "file_not_found",
                        repo + " has no GGUF model file " + path + "; it has " + quants(models(repo, files)))));
    }

    /** The GGUF model files of a repository (no vision projectors); none is an error that says what to look for. */
    static List<HubFile> models(String repo, List<HubFile> files) {
        List<HubFile> models = files.stream()
                .filter(f -> f.path().toLowerCase(Locale.ROOT).endsWith(".gguf"))
                .filter(f -> !f.fileName().toLowerCase(Locale.ROOT).contains("mmproj"))
                .toList();
        if (models.isEmpty()) {
            throw new PullException(
                    PullException.Kind.NOT_FOUND,
                    "no_gguf",
                    repo + " has no .gguf files; pick a repository of GGUF conversions (names often end in -GGUF)");
        }
        return models;
    }

    /** True for one part of a model split into several files, which a pull does not join. */
    static boolean isSplit(HubFile file) {
        return SPLIT.matcher(file.fileName()).find();
    }

    private static HubFile whole(HubFile chosen) {
        if (isSplit(chosen)) {
            throw new PullException(
                    PullException.Kind.BAD_REQUEST,
                    "split_gguf",
                    chosen.fileName()
                            + " is split into several files, which tether pull does not join; pick a smaller quantization");
        }
        return chosen;
    }

    private static HubFile byQuant(String repo, List<HubFile> models, String quant) {
        List<HubFile> matches = models.stream().filter(f -> hasQuant(f, quant)).toList();
        if (matches.isEmpty()) {
            throw new PullException(
                    PullException.Kind.NOT_FOUND,
                    "quant_not_found",
                    repo + " has no " + quant + " file; it has " + quants(models));
        }
        // a quant that is split and also whole, or in two folders: the whole one, then the shortest path
        return matches.stream()
                .min(Comparator.comparing(
                                (HubFile f) -> SPLIT.matcher(f.fileName()).find())
                        .thenComparing(f -> f.path().length()))
                .orElseThrow();
    }

    private static HubFile byDefault(List<HubFile> models) {
        for (String quant : PREFERRED) {
            Optional<HubFile> found = models.stream()
                    .filter(f -> hasQuant(f, quant))
                    .filter(f -> !SPLIT.matcher(f.fileName()).find())
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        return models.stream().min(Comparator.comparingLong(HubFile::size)).orElseThrow();
    }

    /** True when {@code quant} is a whole word of the file name: Q4_K_M matches {@code x-Q4_K_M.gguf}, not IQ4_K_M. */
    static boolean hasQuant(HubFile file, String quant) {
        String name = file.fileName().toUpperCase(Locale.ROOT);
        String q = Pattern.quote(quant.toUpperCase(Locale.ROOT));
        return Pattern.compile("(^|[-._])" + q + "([-._]|$)").matcher(name).find();
    }

    private static String quants(List<HubFile> models) {
        return models.stream().map(HubFile::fileName).sorted().collect(Collectors.joining(", "));
    }
}
