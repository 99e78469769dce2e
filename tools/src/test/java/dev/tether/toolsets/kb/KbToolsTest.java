package dev.tether.toolsets.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolRegistry;
import dev.tether.tool.ToolUnavailableException;
import dev.tether.tool.Toolset;
import dev.tether.toolsets.Pdfs;
import dev.tether.toolsets.TestContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KbToolsTest {

    @TempDir
    Path dir;

    private Path folder;
    private Path data;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final KbToolset toolset = new KbToolset();
    private final Map<String, Toolset.Opened> bases = new HashMap<>();

    @BeforeEach
    void layout() throws Exception {
        folder = Files.createDirectories(dir.resolve("notes")).toRealPath();
        data = dir.resolve("data");
        Files.writeString(folder.resolve("garden.md"), """
                # Garden

                Tomatoes need full sun and regular watering.
                Plant basil next to the tomatoes.

                ## Winter
                Cover the roses with fleece before the first frost.
                """);
        Files.writeString(folder.resolve("recipes.txt"), "Pancakes: flour, eggs, milk.\nSoup: leeks and potatoes.\n");
        Files.writeString(
                folder.resolve("page.html"),
                "<html><body>\n<h1>Travel</h1>\n<p>Book the ferry to "
                        + "Helsinki &amp; the hotel.</p>\n<script>var hidden = 'ferry';</script>\n</body></html>\n");
        Pdfs.write(
                folder.resolve("report.pdf"),
                List.of(
                        List.of("Annual report", "Introduction"),
                        List.of("Quarterly revenue grew by twelve percent", "Costs stayed flat")));
        Files.writeString(folder.resolve("image.png"), "tomatoes in a file we do not index");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        bases.clear();
    }

    private String args(String extra) {
        return "folders: " + TestContexts.list(folder) + "\nindex: notes\nchunk_chars: 120\nwait_sec: 30\n" + extra;
    }

    /** The tools on one args node share one base, as in a registry. */
    private Toolset.Opened base(String extra) {
        Toolset.Opened base = bases.get(extra);
        if (base == null) {
            base = toolset.open(TestContexts.context("kb", args(extra), data));
            bases.put(extra, base);
            open.add(base);
        }
        return base;
    }

    private KbSearchTool search(String extra) {
        return (KbSearchTool) base(extra).create(KbSearchTool.class);
    }

    private KbIndexStatusTool status(String extra) {
        return (KbIndexStatusTool) base(extra).create(KbIndexStatusTool.class);
    }

    @Test
    void bothToolsReadPrivateData() {
        try (ToolRegistry registry = ToolRegistry.builder()
                .add(null, search(""))
                .add(null, status(""))
                .build()) {
            assertThat(registry.readsPrivateData("kb_search")).isTrue();
            assertThat(registry.readsPrivateData("kb_index_status")).isTrue();
        }
    }

    @Test
    void findsPassagesInEveryFormatWithTheirPosition() throws Exception {
        KbSearchTool search = search("");

        KbSearchTool.Passage garden = search.run("roses frost", 3).passages().getFirst();
        assertThat(garden.path()).isEqualTo(folder.resolve("garden.md").toString());
        assertThat(garden.text()).contains("Cover the roses with fleece");
        List<String> lines = Files.readAllLines(folder.resolve("garden.md"));
        String cited = String.join("\n", lines.subList(garden.lineStart() - 1, garden.lineEnd()));
        assertThat(cited.strip()).isEqualTo(garden.text());
        assertThat(Files.readString(folder.resolve("garden.md"))
                        .substring(garden.charStart(), garden.charEnd())
                        .strip())
                .isEqualTo(garden.text());
        assertThat(garden.page()).isNull();

        KbSearchTool.Passage pdf = search.run("quarterly revenue", 3).passages().getFirst();
        assertThat(pdf.path()).endsWith("report.pdf");
        assertThat(pdf.page()).isEqualTo(2);
        assertThat(pdf.text()).contains("twelve percent");

        KbSearchTool.Passage html = search.run("ferry", 5).passages().getFirst();
        assertThat(html.path()).endsWith("page.html");
        assertThat(html.text())
                .contains("Book the ferry to Helsinki & the hotel")
                .doesNotContain("<p>", "hidden");
        assertThat(Files.readAllLines(folder.resolve("page.html")).get(html.lineStart() - 1))
                .contains("Travel");

        assertThat(search.run("tomato", 10).passages())
                .extracting(KbSearchTool.Passage::path)
                .containsOnly(folder.resolve("garden.md").toString());
    }

    @Test
    void ranksTheBetterMatchFirstAndAcceptsQuerySyntax() {
        KbSearchTool search = search("");

        assertThat(search.run("potatoes soup", 5).passages().getFirst().path()).endsWith("recipes.txt");
        assertThat(search.run("\"full sun\"", 5).passages()).hasSize(1);
        assertThat(search.run("pancakes AND NOT soup", 5).passages()).isEmpty();
        assertThat(search.run("(unbalanced \"quote", 5).passages()).isNotNull();
        assertThat(search.run("zeppelin", 5).passages()).isEmpty();
    }

    @Test
    void followsChangesNewFilesAndDeletions() throws Exception {
        KbSearchTool search = search("");
        KbIndexStatusTool status = status("");
        assertThat(search.run("zeppelin", 5).passages()).isEmpty();

        Files.writeString(folder.resolve("new.md"), "The zeppelin lands at noon.\n");
        Files.writeString(folder.resolve("recipes.txt"), "Waffles: flour, eggs, butter.\n");
        Files.setLastModifiedTime(
                folder.resolve("recipes.txt"), FileTime.from(Instant.now().plusSeconds(5)));
        Files.delete(folder.resolve("garden.md"));
        KbIndexStatusTool.Status after = status.run(true);

        assertThat(after.lastChanged()).isEqualTo(3);
        assertThat(after.files()).isEqualTo(4);
        assertThat(search.run("zeppelin", 5).passages()).hasSize(1);
        assertThat(search.run("waffles", 5).passages()).hasSize(1);
        assertThat(search.run("pancakes", 5).passages()).isEmpty();
        assertThat(search.run("roses", 5).passages()).isEmpty();
    }

    @Test
    void aSearchRescansOnItsOwnOnceTheLastScanIsOlderThanRefreshSec() throws Exception {
        KbSearchTool search = search("refresh_sec: 1\n");
        assertThat(search.run("zeppelin", 5).passages()).isEmpty();

        Files.writeString(folder.resolve("new.md"), "The zeppelin lands at noon.\n");

        poll(() -> !search.run("zeppelin", 5).passages().isEmpty(), Duration.ofSeconds(15));
    }

    @Test
    void bothToolsShareOneIndexAndItSurvivesARestart() throws Exception {
        KbSearchTool search = search("");
        KbIndexStatusTool status = status("");
        search.run("roses", 1);

        KbIndexStatusTool.Status first = status.run(false);
        assertThat(first.files()).isEqualTo(4);
        assertThat(first.passages()).isGreaterThanOrEqualTo(5);
        assertThat(first.indexDir())
                .isEqualTo(data.resolve("kb/notes").toAbsolutePath().toString());
        assertThat(first.errors()).isNull();

        close();
        open.clear();
        KbIndexStatusTool reopened = status("");
        KbIndexStatusTool.Status again = reopened.run(true);
        assertThat(again.lastChanged()).isZero();
        assertThat(again.passages()).isEqualTo(first.passages());
    }

    @Test
    void otherChunkSettingsRebuildTheIndex() throws Exception {
        KbIndexStatusTool status = status("");
        int passages = status.run(true).passages();
        close();
        open.clear();

        KbIndexStatusTool.Status rebuilt = status("chunk_chars: 40\n").run(true);

        assertThat(rebuilt.lastChanged()).isEqualTo(4);
        assertThat(rebuilt.passages()).isGreaterThan(passages);
    }

    @Test
    void indexingStartsWithTheToolsNotWithTheFirstSearch() throws Exception {
        KbIndexStatusTool status = status("");

        poll(() -> status.run(false).lastScan() != null, Duration.ofSeconds(15));
        assertThat(status.run(false).files()).isEqualTo(4);
    }

    @Test
    void toolsOnOneIndexMustAgreeOnTheirSettings() {
        search("");

        assertThatThrownBy(() -> status("chunk_chars: 500\n"))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("configured differently");
    }

    @Test
    void anUnreadableFileIsReportedAndTheRestIndexed() throws Exception {
        Files.writeString(folder.resolve("broken.pdf"), "%PDF-1.4 not really");
        KbIndexStatusTool.Status status = status("").run(true);

        assertThat(status.errors())
                .containsOnlyKeys(folder.resolve("broken.pdf").toString());
        assertThat(status.files()).isEqualTo(5);
        assertThat(search("").run("roses", 1).passages()).hasSize(1);
    }

    @Test
    void anIndexLockedByAnotherProcessIsSearchedReadOnly() throws Exception {
        status("").run(true);
        close();
        open.clear();
        try (var directory = FSDirectory.open(data.resolve("kb/notes"));
                var writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
            KbSearchTool search = search("");
            KbSearchTool.Results results = search.run("roses", 1);

            assertThat(results.passages()).hasSize(1);
            assertThat(results.note()).contains("another Tether process");
            KbIndexStatusTool.Status readOnly = status("").run(true);
            assertThat(readOnly.readOnly()).isTrue();
            assertThat(readOnly.files()).isEqualTo(4);
            assertThat(writer.isOpen()).isTrue();
        }
    }

    @Test
    void missingFoldersMakeTheToolsUnavailable() {
        assertThatThrownBy(() -> toolset.open(TestContexts.context("kb", "", data)))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("args.folders");
    }

    @Test
    void aPdfThatInflatesPastTheLimitsIsSkippedWithAWarningAndTheOtherFilesAreIndexed() throws Exception {
        Pdfs.inflating(folder.resolve("bomb.pdf"), 256L << 20);
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Logger scanner = Logger.getLogger(Scanner.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        scanner.addHandler(handler);
        try {
            KbIndexStatusTool.Status status = status("").run(true);

            assertThat(status.errors())
                    .containsOnlyKeys(folder.resolve("bomb.pdf").toString());
            assertThat(status.errors().values().iterator().next()).contains("bomb.pdf", "max_pdf_stream_bytes");
            assertThat(status.files()).isEqualTo(5);
            assertThat(logged)
                    .filteredOn(r -> r.getLevel() == Level.WARNING)
                    .extracting(LogRecord::getMessage)
                    .anyMatch(m -> m.contains("bomb.pdf"));
            assertThat(search("")
                            .run("quarterly revenue", 3)
                            .passages()
                            .getFirst()
                            .path())
                    .endsWith("report.pdf");
            assertThat(search("").run("roses", 3).passages()).isNotEmpty();
        } finally {
            scanner.removeHandler(handler);
        }
    }

    @Test
    void pdfsThatOutgrowTheChildsHeapOrDeadlineAreSkippedWithAWarningAndTheOtherFilesAreIndexed() throws Exception {
        dev.tether.toolsets.HostilePdfs.imageLabelledBomb(folder.resolve("image-bomb.pdf"), 1_500_000);
        dev.tether.toolsets.HostilePdfs.nestedForms(folder.resolve("nested.pdf"), 5);
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Logger scanner = Logger.getLogger(Scanner.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        scanner.addHandler(handler);
        try {
            String limits = "max_pdf_heap_bytes: 67108864\npdf_timeout_ms: 4000\n";
            KbIndexStatusTool.Status status = status(limits).run(true);

            assertThat(status.errors())
                    .containsOnlyKeys(
                            folder.resolve("image-bomb.pdf").toString(),
                            folder.resolve("nested.pdf").toString());
            // on a busy machine the deadline may come before the heap runs out; either stops the child
            assertThat(status.errors().get(folder.resolve("image-bomb.pdf").toString()))
                    .containsAnyOf("max_pdf_heap_bytes", "pdf_timeout_ms");
            assertThat(status.errors().get(folder.resolve("nested.pdf").toString()))
                    .contains("pdf_timeout_ms");
            assertThat(status.files()).isEqualTo(6);
            assertThat(logged)
                    .filteredOn(r -> r.getLevel() == Level.WARNING)
                    .extracting(LogRecord::getMessage)
                    .anyMatch(m -> m.contains("image-bomb.pdf"))
                    .anyMatch(m -> m.contains("nested.pdf"));
            assertThat(search(limits)
                            .run("quarterly revenue", 3)
                            .passages()
                            .getFirst()
                            .path())
                    .endsWith("report.pdf");
            assertThat(search(limits).run("roses", 3).passages()).isNotEmpty();
            assertThat(ProcessHandle.current()
                            .children()
                            .filter(ProcessHandle::isAlive)
                            .toList())
                    .isEmpty();
        } finally {
            scanner.removeHandler(handler);
        }
    }

    private static void poll(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(100);
        }
    }
}
