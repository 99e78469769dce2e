package dev.tether.toolsets.kb;

import dev.tether.tool.LocalEmbeddings;
import dev.tether.tool.ToolContext;
import dev.tether.tool.ToolUnavailableException;
import dev.tether.toolsets.ToolArgs;
import dev.tether.toolsets.files.PdfLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A knowledge base's settings, read from the {@code args} of {@code kb_search} / {@code kb_index_status} (both
 * tools of one base need the same args; a YAML anchor keeps them equal).
 *
 * @param name         the index name; the index lives in {@code <data_dir>/kb/<name>}
 * @param folders      real paths of the folders indexed
 * @param indexDir     where the Lucene index is kept
 * @param chunkChars   the size of a passage, in characters
 * @param refresh      a search rescans the folders when the last scan is older than this
 * @param searchWait   how long a search waits for a running scan before answering from the index as it is
 * @param extensions   file name extensions indexed (lower case, no dot)
 * @param maxFileBytes larger files are skipped
 * @param pdf          how much of one PDF text extraction takes in (its file limit is {@code maxFileBytes})
 * @param analyzer     {@code english} (stemming, stop words) or {@code standard}
 * @param embedding    the embedding service for search by meaning, when configured
 */
record KbSettings(
        String name,
        List<Path> folders,
        Path indexDir,
        int chunkChars,
        Duration refresh,
        Duration searchWait,
        Set<String> extensions,
        long maxFileBytes,
        PdfLimits pdf,
        String analyzer,
        Optional<Embedder.Settings> embedding) {

    static final List<String> DEFAULT_EXTENSIONS = List.of("md", "markdown", "txt", "text", "pdf", "html", "htm");

    static KbSettings from(ToolContext context) {
        ToolArgs args = ToolArgs.of(context);
        String name = args.string("index", "default");
        if (!name.matches("[A-Za-z0-9_.-]{1,64}") || name.startsWith(".")) {
            throw args.invalid("index", "must be a simple name (letters, digits, '-', '_', '.'), got '" + name + "'");
        }
        List<String> configured = args.strings("folders");
        if (configured.isEmpty()) {
            throw new ToolUnavailableException("no folders configured: set args.folders");
        }
        List<Path> folders = new ArrayList<>();
        for (String folder : configured) {
            folders.add(realFolder(folder));
        }
        List<String> extensions = args.strings("extensions");
        String analyzer = args.string("analyzer", "english").toLowerCase(Locale.ROOT);
        if (!analyzer.equals("english") && !analyzer.equals("standard")) {
            throw args.invalid("analyzer", "must be english or standard, got '" + analyzer + "'");
        }
        return new KbSettings(
                name,
                List.copyOf(folders),
                context.dataDir().resolve("kb").resolve(name).toAbsolutePath().normalize(),
                args.positiveInt("chunk_chars", 1200),
                args.seconds("refresh_sec", 10),
                args.seconds("wait_sec", 5),
                (extensions.isEmpty() ? DEFAULT_EXTENSIONS : extensions)
                        .stream()
                                .map(e -> e.toLowerCase(Locale.ROOT).replaceFirst("^\\.", ""))
                                .collect(Collectors.toUnmodifiableSet()),
                args.positiveLong("max_file_bytes", 32L << 20),
                PdfLimits.from(args, "max_file_bytes", 32L << 20),
                analyzer,
                embedding(args, context.embeddings()));
    }

    /**
     * {@code embedder: local:<model>} (one of Tether's embedding models), {@code none}, or unset: then the
     * {@code embedding.url} service when configured, else Tether's first embedding model when it has one.
     */
    private static Optional<Embedder.Settings> embedding(ToolArgs args, LocalEmbeddings local) {
        String embedder = args.string("embedder", "").strip();
        int batch = args.positiveInt("embedding.batch", 32);
        Duration timeout = args.seconds("embedding.timeout_sec", 30);
        if (embedder.equals("none")) {
            return Optional.empty();
        }
        if (embedder.startsWith("local:")) {
            String model = embedder.substring("local:".length());
            if (!local.models().contains(model)) {
                throw args.invalid(
                        "embedder",
                        "no local embedding model '" + model + "'; local embedding models: " + local.models());
            }
            return Optional.of(Embedder.Settings.local(local, model, timeout, batch));
        }
        if (!embedder.isEmpty()) {
            throw args.invalid("embedder", "must be local:<model> or none, got '" + embedder + "'");
        }
        String url = args.string("embedding.url", "");
        if (url.isBlank()) {
            return local.models().stream()
                    .findFirst()
                    .map(model -> Embedder.Settings.local(local, model, timeout, batch));
        }
        String model = args.string("embedding.model", "");
        if (model.isBlank()) {
            throw args.invalid("embedding.model", "is required with embedding.url");
        }
        return Optional.of(new Embedder.Settings(url, model, args.seconds("embedding.timeout_sec", 30), batch));
    }

    /** What changes the index's content: a change of these means a rebuild. */
    String fingerprint() {
        return "chunk_chars=" + chunkChars + ";analyzer=" + analyzer + ";embedding="
                + embedding.map(Embedder.Settings::source).orElse("none") + ";version=1";
    }

    private static Path realFolder(String folder) {
        String expanded = folder.equals("~") || folder.startsWith("~/")
                ? System.getProperty("user.home") + folder.substring(1)
                : folder;
        try {
            Path path = Path.of(expanded);
            if (!path.isAbsolute() || !Files.isDirectory(path)) {
                throw new ToolUnavailableException(
                        "knowledge base folder does not exist or is not absolute: " + folder);
            }
            return path.toRealPath();
        } catch (InvalidPathException | IOException e) {
            throw new ToolUnavailableException("knowledge base folder cannot be used: " + folder);
        }
    }
}
