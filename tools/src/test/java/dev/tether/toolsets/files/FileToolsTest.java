package dev.tether.toolsets.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tool.ToolException;
import dev.tether.tool.ToolUnavailableException;
import dev.tether.toolsets.Pdfs;
import dev.tether.toolsets.TestContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileToolsTest {

    @TempDir
    Path dir;

    private Path root;
    private Path other;

    @BeforeEach
    void layout() throws Exception {
        root = Files.createDirectories(dir.resolve("docs")).toRealPath();
        other = Files.createDirectories(dir.resolve("notes")).toRealPath();
        Files.writeString(root.resolve("plan.md"), "# Plan\nBuy milk\nCall Alice about the Budget\n");
        Files.writeString(
                Files.createDirectories(root.resolve("work")).resolve("budget.txt"),
                "Q1 budget: 100\nQ2 BUDGET: 120\n");
        Files.writeString(root.resolve(".hidden.txt"), "budget hidden");
        Files.write(root.resolve("image.bin"), new byte[] {1, 2, 0, 3, 'b', 'u', 'd', 'g', 'e', 't'});
        Files.writeString(other.resolve("diary.txt"), "Dear diary, the budget again.\n");
    }

    private String args(String extra) {
        return "roots: " + TestContexts.list(root, other) + "\n" + extra;
    }

    private <T> T tool(Class<T> type, String extra) throws Exception {
        return type.getConstructor(dev.tether.tool.ToolContext.class)
                .newInstance(TestContexts.context("files", args(extra), dir));
    }

    @Test
    void listsTheRootsThenAFolder() throws Exception {
        ListFilesTool list = tool(ListFilesTool.class, "");

        assertThat(list.run("", 1, false).entries())
                .extracting(Entry::path)
                .containsExactly(root.toString(), other.toString());
        ListFilesTool.Listing docs = list.run(root.toString(), 1, false);
        assertThat(docs.entries())
                .extracting(e -> Path.of(e.path()).getFileName().toString())
                .containsExactly("image.bin", "plan.md", "work");
        assertThat(docs.entries())
                .filteredOn(e -> e.path().endsWith("plan.md"))
                .first()
                .satisfies(e -> assertThat(e.size()).isEqualTo(44L))
                .extracting(Entry::type)
                .isEqualTo("file");
        assertThat(list.run(root.toString(), 2, true).entries())
                .extracting(e -> Path.of(e.path()).getFileName().toString())
                .contains(".hidden.txt", "budget.txt");
    }

    @Test
    void relativePathsResolveInEachRootInTurn() throws Exception {
        ReadFileTool read = tool(ReadFileTool.class, "");

        assertThat(read.run("diary.txt", 0, 10).path())
                .isEqualTo(other.resolve("diary.txt").toString());
        assertThatThrownBy(() -> read.run("missing.txt", 0, 10))
                .isInstanceOf(ToolException.class)
                .hasMessage("no such file or folder: missing.txt");
    }

    @Test
    void listingStopsAtMaxResults() throws Exception {
        for (int i = 0; i < 30; i++) {
            Files.writeString(root.resolve("f" + i + ".txt"), "x");
        }
        ListFilesTool list = tool(ListFilesTool.class, "max_results: 10\n");

        ListFilesTool.Listing listing = list.run(root.toString(), 1, false);

        assertThat(listing.entries()).hasSize(10);
        assertThat(listing.truncated()).isTrue();
    }

    @Test
    void readsAWindowOfLinesAndSaysWhereToContinue() throws Exception {
        Files.writeString(
                root.resolve("long.txt"),
                IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));
        ReadFileTool read = tool(ReadFileTool.class, "");

        ReadFileTool.Content first = read.run("long.txt", 0, 10);
        assertThat(first.content()).startsWith("line 1\n").endsWith("line 10\n");
        assertThat(first.more()).isTrue();
        assertThat(first.nextOffset()).isEqualTo(10L);
        ReadFileTool.Content last = read.run("long.txt", 95, 10);
        assertThat(last.content()).isEqualTo("line 96\nline 97\nline 98\nline 99\nline 100\n");
        assertThat(last.more()).isFalse();
        assertThat(last.nextOffset()).isNull();
    }

    @Test
    void readingStopsAtMaxReadBytesAndCutsAHugeLine() throws Exception {
        Files.writeString(root.resolve("wide.txt"), "a".repeat(50) + "\n" + "b".repeat(50) + "\n" + "é".repeat(100));
        ReadFileTool read = tool(ReadFileTool.class, "max_read_bytes: 64\n");

        ReadFileTool.Content first = read.run("wide.txt", 0, 100);
        assertThat(first.lines()).isEqualTo(1);
        assertThat(first.nextOffset()).isEqualTo(1L);
        ReadFileTool.Content huge = read.run("wide.txt", 2, 100);
        assertThat(huge.lineCut()).isTrue();
        assertThat(huge.content()).isEqualTo("é".repeat(31) + "\n");
    }

    @Test
    void binaryFilesAreNotReadAsText() throws Exception {
        ReadFileTool read = tool(ReadFileTool.class, "");

        assertThatThrownBy(() -> read.run("image.bin", 0, 10))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("binary file");
        assertThat(tool(FileInfoTool.class, "").run("image.bin").kind()).isEqualTo("binary");
    }

    @Test
    void readsPdfTextPageByPage() throws Exception {
        Pdfs.write(
                root.resolve("report.pdf"),
                List.of(List.of("Quarterly report", "Revenue grew"), List.of("Second page", "Costs fell")));
        ReadFileTool read = tool(ReadFileTool.class, "");

        ReadFileTool.Content pdf = read.run("report.pdf", 0, 100);

        assertThat(pdf.format()).isEqualTo("pdf");
        assertThat(pdf.content())
                .contains("--- page 1 ---", "Quarterly report", "Revenue grew", "--- page 2 ---", "Costs fell");
        assertThat(pdf.content().indexOf("Costs fell"))
                .isGreaterThan(pdf.content().indexOf("--- page 2 ---"));
        ReadFileTool.Content window = read.run("report.pdf", 3, 2);
        assertThat(window.content()).isEqualTo("--- page 2 ---\nSecond page\n");
        assertThat(window.nextOffset()).isEqualTo(5L);
        FileInfoTool.Info info = tool(FileInfoTool.class, "").run("report.pdf");
        assertThat(info.kind()).isEqualTo("pdf");
        assertThat(info.pages()).isEqualTo(2);
    }

    @Test
    void aDamagedPdfIsAClearError() throws Exception {
        Files.writeString(root.resolve("broken.pdf"), "%PDF-1.7\nthis is not really a pdf");
        ReadFileTool read = tool(ReadFileTool.class, "");

        assertThatThrownBy(() -> read.run("broken.pdf", 0, 10))
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("cannot read the PDF broken.pdf");
    }

    @Test
    void searchesByNameGlob() throws Exception {
        SearchFilesTool search = tool(SearchFilesTool.class, "");

        assertThat(search.run("", "*.txt", "", false, 50).files())
                .extracting(h -> Path.of(h.path()).getFileName().toString())
                .containsExactlyInAnyOrder("budget.txt", "diary.txt");
        assertThat(search.run(root.toString(), "work/*.txt", "", false, 50).files())
                .hasSize(1);
        assertThatThrownBy(() -> search.run("", "[", "", false, 50))
                .isInstanceOf(ToolException.class)
                .hasMessageStartingWith("invalid name glob");
    }

    @Test
    void searchesByContentWithLineExcerpts() throws Exception {
        SearchFilesTool search = tool(SearchFilesTool.class, "");

        SearchFilesTool.Hits hits = search.run("", "", "budget", false, 50);

        assertThat(hits.files())
                .extracting(h -> Path.of(h.path()).getFileName().toString())
                .containsExactlyInAnyOrder("plan.md", "budget.txt", "diary.txt");
        SearchFilesTool.Hit budget = hits.files().stream()
                .filter(h -> h.path().endsWith("budget.txt"))
                .findFirst()
                .orElseThrow();
        assertThat(budget.matches()).extracting(SearchFilesTool.Match::line).containsExactly(1, 2);
        assertThat(budget.matches().get(1).text()).isEqualTo("Q2 BUDGET: 120");
        assertThat(search.run("", "*.md", "Budget", true, 50).files()).hasSize(1);
        assertThat(search.run("", "*.txt", "Budget", true, 50).files()).isEmpty();
        assertThatThrownBy(() -> search.run("", "", "", false, 50)).isInstanceOf(ToolException.class);
    }

    @Test
    void searchStopsAtTheResultLimit() throws Exception {
        SearchFilesTool search = tool(SearchFilesTool.class, "");

        SearchFilesTool.Hits hits = search.run("", "", "budget", false, 1);

        assertThat(hits.files()).hasSize(1);
        assertThat(hits.truncated()).isTrue();
    }

    @Test
    void describesFilesAndFolders() throws Exception {
        FileInfoTool info = tool(FileInfoTool.class, "");

        FileInfoTool.Info plan = info.run("plan.md");
        assertThat(plan.kind()).isEqualTo("text");
        assertThat(plan.lines()).isEqualTo(3);
        assertThat(plan.size()).isEqualTo(44L);
        assertThat(info.run(root.toString()).entries()).isEqualTo(4L);
        assertThat(info.run(root.toString()).type()).isEqualTo("folder");
    }

    @Test
    void writeFileIsUnavailableUnlessWritable() {
        assertThatThrownBy(() -> tool(WriteFileTool.class, ""))
                .hasCauseInstanceOf(ToolUnavailableException.class)
                .cause()
                .hasMessageContaining("writable: true");
    }

    @Test
    void writesNewFilesAndOverwritesOnlyWhenAsked() throws Exception {
        WriteFileTool write = tool(WriteFileTool.class, "writable: true\nmax_write_bytes: 100\n");

        WriteFileTool.Written created = write.run("new.txt", "first", false);
        assertThat(created.replaced()).isFalse();
        assertThat(created.path()).isEqualTo(root.resolve("new.txt").toString());
        assertThat(Files.readString(root.resolve("new.txt"))).isEqualTo("first");
        assertThatThrownBy(() -> write.run("new.txt", "second", false))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readString(root.resolve("new.txt"))).isEqualTo("first");
        assertThat(write.run("new.txt", "second", true).replaced()).isTrue();
        assertThat(Files.readString(root.resolve("new.txt"))).isEqualTo("second");
        assertThatThrownBy(() -> write.run("plan2.md", "x".repeat(101), false))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("limit is 100");
        assertThatThrownBy(() -> write.run("nofolder/x.txt", "x", false))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("does not exist");
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    @Test
    void overwritingKeepsTheFilesPermissions() throws Exception {
        WriteFileTool write = tool(WriteFileTool.class, "writable: true\n");
        Path plan = root.resolve("plan.md");
        Files.setPosixFilePermissions(plan, PosixFilePermissions.fromString("rw-r-----"));

        write.run("plan.md", "# New plan\n", true);

        assertThat(Files.readString(plan)).isEqualTo("# New plan\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plan)))
                .isEqualTo("rw-r-----");
    }

    @Test
    void missingRootsMakeTheToolsUnavailable() {
        assertThatThrownBy(() -> new ReadFileTool(TestContexts.context("read_file", "", dir)))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("args.roots");
        assertThatThrownBy(() -> new ReadFileTool(TestContexts.context("read_file", "roots: []", dir)))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessage("no folders configured: set args.roots");
        assertThatThrownBy(() -> new ReadFileTool(TestContexts.context("read_file", "roots: relative/dir", dir)))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> new ReadFileTool(TestContexts.context(
                        "read_file", "roots: " + TestContexts.list(root) + "\nmax_results: -1", dir)))
                .isInstanceOf(dev.tether.configfile.ConfigException.class)
                .hasMessage("tools.registry[read_file].args.max_results: must be positive, got -1");
        assertThatThrownBy(() -> new ReadFileTool(
                        TestContexts.context("read_file", "roots: [\"" + dir.resolve("nope") + "\"]", dir)))
                .isInstanceOf(ToolUnavailableException.class)
                .hasMessageContaining("does not exist");
    }
}
