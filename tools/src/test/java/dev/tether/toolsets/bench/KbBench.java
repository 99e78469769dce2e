package dev.tether.toolsets.bench;

import dev.tether.tool.Toolset;
import dev.tether.toolsets.TestContexts;
import dev.tether.toolsets.kb.KbIndexStatusTool;
import dev.tether.toolsets.kb.KbSearchTool;
import dev.tether.toolsets.kb.KbToolset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Knowledge base benchmark: generates N small Markdown documents (default 10,000), indexes them through the
 * kb tools and reports documents per second, then runs keyword queries and reports latency percentiles.
 * Run with {@code bench/kb [DOCS] [QUERIES]}.
 */
public final class KbBench {

    private static final int VOCABULARY = 5_000;

    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path work = Files.createTempDirectory("kb-bench");
        try {
            run(work, docs, queries);
        } finally {
            delete(work);
        }
    }

    private static void run(Path work, int docs, int queries) throws IOException {
        Random random = new Random(42);
        String[] words = vocabulary(random);
        Path folder = Files.createDirectories(work.resolve("docs"));
        long bytes = generate(folder, docs, words, random);
        System.out.printf("generated %,d documents, %,d KB, in %s%n", docs, bytes / 1024, folder);

        String args = "folders: [\"" + folder + "\"]\nindex: bench\nwait_sec: 3600\nrefresh_sec: 3600\n";
        long start = System.nanoTime();
        try (Toolset.Opened base = new KbToolset().open(TestContexts.context("kb", args, work.resolve("data")))) {
            KbSearchTool search = (KbSearchTool) base.create(KbSearchTool.class);
            KbIndexStatusTool status = (KbIndexStatusTool) base.create(KbIndexStatusTool.class);
            KbIndexStatusTool.Status indexed = status.run(true);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "indexed %,d files into %,d passages in %.2f s: %,.0f docs/s%n",
                    indexed.files(), indexed.passages(), seconds, indexed.files() / seconds);

            long rescan = System.nanoTime();
            status.run(true);
            System.out.printf("rescan with nothing changed: %.0f ms%n", (System.nanoTime() - rescan) / 1e6);

            for (int i = 0; i < 100; i++) {
                search.run(query(words, random), 5);
            }
            long[] nanos = new long[queries];
            int hits = 0;
            for (int i = 0; i < queries; i++) {
                String query = query(words, random);
                long t = System.nanoTime();
                hits += search.run(query, 5).passages().size();
                nanos[i] = System.nanoTime() - t;
            }
            Arrays.sort(nanos);
            System.out.printf(
                    "%,d queries (1-3 words, top 5): p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
                            + "%.1f passages per query%n",
                    queries,
                    nanos[queries / 2] / 1e6,
                    nanos[(int) (queries * 0.99)] / 1e6,
                    nanos[queries - 1] / 1e6,
                    hits / (double) queries);
        }
    }

    private static String[] vocabulary(Random random) {
        String[] words = new String[VOCABULARY];
        for (int i = 0; i < words.length; i++) {
            StringBuilder word = new StringBuilder();
            int length = 3 + random.nextInt(7);
            for (int c = 0; c < length; c++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            words[i] = word.toString();
        }
        return words;
    }

    /** A word with a skewed distribution, as in real text: few words are common, most are rare. */
    private static String word(String[] words, Random random) {
        return words[(int) (words.length * Math.pow(random.nextDouble(), 3))];
    }

    private static long generate(Path folder, int docs, String[] words, Random random) throws IOException {
        long bytes = 0;
        for (int d = 0; d < docs; d++) {
            StringBuilder text = new StringBuilder("# Note " + d + "\n\n");
            int sentences = 5 + random.nextInt(15);
            for (int s = 0; s < sentences; s++) {
                int length = 6 + random.nextInt(12);
                for (int w = 0; w < length; w++) {
                    text.append(w == 0 ? "" : " ").append(word(words, random));
                }
                text.append(s % 4 == 3 ? ".\n\n" : ". ");
            }
            Path dir = Files.createDirectories(folder.resolve("d" + (d % 100)));
            Files.writeString(dir.resolve("note-" + d + ".md"), text);
            bytes += text.length();
        }
        return bytes;
    }

    private static String query(String[] words, Random random) {
        int n = 1 + random.nextInt(3);
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < n; i++) {
            query.append(i == 0 ? "" : " ").append(word(words, random));
        }
        return query.toString();
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
