package dev.tether.toolsets.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tether.tool.ToolException;
import dev.tether.toolsets.TestContexts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tries to get out of the configured folder by every trick we know, through every file tool. Layout:
 * {@code base/data} is the root; {@code base/outside/secret.txt} and {@code base/data2/secret.txt} must stay out
 * of reach; links inside the root point out in several ways.
 */
class ConfinementTest {

    private static final String SECRET = "TOP SECRET";

    @TempDir
    static Path base;

    static Path root;
    static Path outside;
    static boolean fifo;
    static ReadFileTool read;
    static ListFilesTool list;
    static FileInfoTool info;
    static SearchFilesTool search;
    static WriteFileTool write;

    @BeforeAll
    static void layout() throws Exception {
        root = Files.createDirectories(base.resolve("data"));
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(Files.createDirectories(base.resolve("data2")).resolve("secret.txt"), SECRET);
        Files.writeString(root.resolve("notes.txt"), "hello notes");
        Files.writeString(Files.createDirectories(root.resolve("sub")).resolve("inner.md"), "inner");
        Files.createSymbolicLink(root.resolve("link-out-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("link-out-dir"), outside);
        Files.createSymbolicLink(root.resolve("link-chain2"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("link-chain1"), root.resolve("link-chain2"));
        Files.createSymbolicLink(root.resolve("link-rel"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("link-root"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("link-in"), Path.of("notes.txt"));
        fifo = mkfifo(root.resolve("fifo"));
        String args = "roots: " + TestContexts.list(root) + "\nwritable: true\n";
        read = new ReadFileTool(TestContexts.context("read_file", args, base));
        list = new ListFilesTool(TestContexts.context("list_files", args, base));
        info = new FileInfoTool(TestContexts.context("file_info", args, base));
        search = new SearchFilesTool(TestContexts.context("search_files", args, base));
        write = new WriteFileTool(TestContexts.context("write_file", args, base));
    }

    private static boolean mkfifo(Path path) {
        try {
            return new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static List<String> escapes() {
        String r = root.toString();
        List<String> all = new ArrayList<>(List.of(
                "..",
                "../",
                "../outside/secret.txt",
                "../data2/secret.txt",
                "sub/../../outside/secret.txt",
                "./../outside/secret.txt",
                "sub/../..",
                "sub/./../../outside/secret.txt",
                outside.resolve("secret.txt").toString(),
                base.resolve("data2/secret.txt").toString(),
                base.toString(),
                "/",
                "/etc/passwd",
                "/proc/self/root/etc/passwd",
                "/dev/zero",
                r + "/../outside/secret.txt",
                r + "/sub/../../outside/secret.txt",
                r + "2/secret.txt",
                "link-out-file",
                "link-out-dir/secret.txt",
                "link-out-dir",
                "link-chain1",
                "link-rel",
                "link-root/etc/passwd",
                "link-root",
                r + "/link-out-file",
                "link-out-dir/../outside/secret.txt",
                "notes.txt\0../../outside/secret.txt",
                "\0",
                "secret.txt\0",
                "~",
                "~/.bashrc",
                "..\\outside\\secret.txt",
                "%2e%2e/outside/secret.txt",
                "..%2foutside%2fsecret.txt",
                "//etc/passwd",
                "file:///etc/passwd",
                "\u2025/outside/secret.txt",
                " ../outside/secret.txt",
                "..././outside/secret.txt",
                "sub/inner.md/../../../outside/secret.txt"));
        if (fifo) {
            all.add("fifo");
        }
        return all;
    }

    static Stream<String> attempts() {
        return escapes().stream();
    }

    @Test
    void aFolderSwappedForALinkWhileReadingNeverYieldsTheOutsideFile() throws Exception {
        Path swapped = root.resolve("swap");
        Path parked = base.resolve("swap-parked");
        Path elsewhere = Files.createDirectories(base.resolve("swap-outside"));
        Files.writeString(elsewhere.resolve("f.txt"), SECRET);
        Files.writeString(Files.createDirectories(swapped).resolve("f.txt"), "inside");
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread swapper = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    // the folder becomes a link to outside, then the real folder again
                    Files.move(swapped, parked, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(swapped, elsewhere);
                    Files.delete(swapped);
                    Files.move(parked, swapped, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // a read held the name at that moment; try again
                }
            }
        });
        int leaks = 0;
        int inside = 0;
        // a busy machine can starve one side of the race: go on until one operation got through (60 s at most)
        long untilOneSucceeds = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        try {
            for (int i = 0; i < 3000 || (inside == 0 && System.nanoTime() < untilOneSucceeds); i++) {
                try {
                    String content = read.run("swap/f.txt", 0, 10).content();
                    leaks += content.contains(SECRET) ? 1 : 0;
                    inside += content.contains("inside") ? 1 : 0;
                } catch (ToolException e) {
                    // refused or not found mid-swap: both fine
                }
            }
        } finally {
            running.set(false);
            swapper.join();
        }
        assertThat(leaks).as("reads that returned the outside file").isZero();
        assertThat(inside).as("reads that succeeded").isPositive();
    }

    @Test
    void aFolderSwappedForALinkWhileWritingNeverGetsAFileOutside() throws Exception {
        Path swapped = Files.createDirectories(root.resolve("wswap"));
        Path parked = base.resolve("wswap-parked");
        Path elsewhere = Files.createDirectories(base.resolve("wswap-outside"));
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread swapper = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    Files.move(swapped, parked, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(swapped, elsewhere);
                    Files.delete(swapped);
                    Files.move(parked, swapped, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // the name was busy at that moment; try again
                }
            }
        });
        int written = 0;
        // a busy machine can starve one side of the race: go on until one operation got through (60 s at most)
        long untilOneSucceeds = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        try {
            for (int i = 0; i < 2000 || (written == 0 && System.nanoTime() < untilOneSucceeds); i++) {
                try {
                    write.run("wswap/w" + i + ".txt", "x", false);
                    written++;
                } catch (ToolException e) {
                    // refused or not found mid-swap: both fine
                }
            }
        } finally {
            running.set(false);
            swapper.join();
        }
        try (var outside = Files.list(elsewhere)) {
            assertThat(outside.toList()).as("files written outside the root").isEmpty();
        }
        assertThat(written).as("writes that succeeded").isPositive();
    }

    @Test
    void aFolderSwappedForALinkWhileListingNeverShowsTheOutsideEntries() throws Exception {
        Path elsewhere = swapLayout("lswap");
        int listed = 0;
        // a busy machine can starve one side of the race: go on until one operation got through (60 s at most)
        long untilOneSucceeds = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        List<String> leaked = new ArrayList<>();
        try (AutoCloseable swapper = swapping(root.resolve("lswap"), base.resolve("lswap-parked"), elsewhere)) {
            for (int i = 0; i < 10000 || (listed == 0 && System.nanoTime() < untilOneSucceeds); i++) {
                try {
                    for (Entry entry : list.run(i % 2 == 0 ? "lswap" : root.toString(), 3, true)
                            .entries()) {
                        listed += entry.path().endsWith("lswap/f.txt") ? 1 : 0;
                        if (entry.path().contains("outside-only")) {
                            leaked.add(entry.path());
                        }
                    }
                } catch (ToolException e) {
                    // refused mid-swap: fine
                }
            }
        }
        assertThat(leaked).as("outside entries listed").isEmpty();
        assertThat(listed).as("listings that showed the inside file").isPositive();
    }

    @Test
    void aFolderSwappedForALinkWhileSearchingNeverFindsTheOutsideFiles() throws Exception {
        Path elsewhere = swapLayout("sswap");
        int found = 0;
        // a busy machine can starve one side of the race: go on until one operation got through (60 s at most)
        long untilOneSucceeds = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        List<String> leaked = new ArrayList<>();
        try (AutoCloseable swapper = swapping(root.resolve("sswap"), base.resolve("sswap-parked"), elsewhere)) {
            for (int i = 0; i < 6000 || (found == 0 && System.nanoTime() < untilOneSucceeds); i++) {
                try {
                    SearchFilesTool.Hits hits =
                            search.run(i % 2 == 0 ? "sswap" : "", "*.txt", i % 4 < 2 ? "" : "SECRET", false, 1000);
                    for (SearchFilesTool.Hit hit : hits.files()) {
                        found += hit.path().endsWith("sswap/f.txt") ? 1 : 0;
                        if (hit.path().contains("outside-only") || hit.matches() != null) {
                            leaked.add(hit.path());
                        }
                    }
                } catch (ToolException e) {
                    // refused or not found mid-swap: fine
                }
            }
        }
        assertThat(leaked).as("outside files found").isEmpty();
        assertThat(found).as("searches that found the inside file").isPositive();
    }

    /** {@code root/name/f.txt} inside, and a folder outside with a file of another name holding the secret. */
    private static Path swapLayout(String name) throws IOException {
        Files.writeString(Files.createDirectories(root.resolve(name)).resolve("f.txt"), "inside");
        Path elsewhere = Files.createDirectories(base.resolve(name + "-outside"));
        Files.writeString(elsewhere.resolve("outside-only.txt"), SECRET);
        return elsewhere;
    }

    /** Until closed, a second thread swaps the folder {@code swapped} for a link to {@code elsewhere} and back. */
    private static AutoCloseable swapping(Path swapped, Path parked, Path elsewhere) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread swapper = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                try {
                    Files.move(swapped, parked, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(swapped, elsewhere);
                    Files.delete(swapped);
                    Files.move(parked, swapped, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // the name was busy at that moment; try again
                }
            }
        });
        return () -> {
            running.set(false);
            swapper.join();
        };
    }

    @Test
    void theBatteryIsLargeEnough() {
        assertThat(escapes()).hasSizeGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest
    @MethodSource("attempts")
    void readFileRefuses(String path) {
        refused(p -> read.run(p, 0, 100), path);
    }

    @ParameterizedTest
    @MethodSource("attempts")
    void listFilesRefuses(String path) {
        refused(p -> list.run(p, 2, true), path);
    }

    @ParameterizedTest
    @MethodSource("attempts")
    void fileInfoRefuses(String path) {
        refused(info::run, path);
    }

    @ParameterizedTest
    @MethodSource("attempts")
    void searchFilesRefuses(String path) {
        refused(p -> search.run(p, "*", "SECRET", false, 50), path);
    }

    @ParameterizedTest
    @MethodSource("attempts")
    void writeFileRefusesAndLeavesTheOutsideAlone(String path) throws IOException {
        WriteFileTool.Written[] written = new WriteFileTool.Written[1];
        Throwable thrown = catchThrowable(() -> written[0] = write.run(path, "overwritten", true));
        if (thrown == null) {
            // only a name that is odd but lands inside the root may be written (on Linux "..\\x" is one name)
            Path file = Path.of(written[0].path());
            assertThat(file.getParent()).as("written %s", printable(path)).isEqualTo(root);
            Files.delete(file);
        } else {
            assertThat(thrown).isInstanceOf(ToolException.class);
        }
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo(SECRET);
        assertThat(Files.readString(base.resolve("data2/secret.txt"))).isEqualTo(SECRET);
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(outside.resolve("secret.txt"));
        }
    }

    @Test
    void writingThroughALinkToAFileOutsideIsRefusedEvenWithOverwrite() throws IOException {
        assertThatThrownBy(() -> write.run("link-chain1", "x", true)).isInstanceOf(ToolException.class);
        assertThatThrownBy(() -> write.run("link-out-dir/new.txt", "x", false)).isInstanceOf(ToolException.class);
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo(SECRET);
    }

    @Test
    void searchingTheWholeRootDoesNotFollowLinksOut() {
        SearchFilesTool.Hits hits = search.run("", "", "SECRET", false, 50);

        assertThat(hits.files()).isEmpty();
    }

    @Test
    void listingShowsLinksWithoutEnteringThem() {
        ListFilesTool.Listing listing = list.run(root.toString(), 3, true);

        assertThat(listing.entries()).extracting(Entry::path).noneMatch(p -> p.contains("secret"));
        assertThat(listing.entries())
                .filteredOn(e -> e.path().endsWith("link-out-dir"))
                .extracting(Entry::type)
                .containsExactly("link");
    }

    @Test
    void pathsInsideTheRootStillWork() {
        assertThat(read.run("notes.txt", 0, 10).content()).isEqualTo("hello notes\n");
        assertThat(read.run("link-in", 0, 10).content()).isEqualTo("hello notes\n");
        assertThat(read.run(root.resolve("sub/inner.md").toString(), 0, 10).content())
                .isEqualTo("inner\n");
        assertThat(read.run("sub/./inner.md", 0, 10).content()).isEqualTo("inner\n");
        assertThat(info.run(".").type()).isEqualTo("folder");
    }

    private static void refused(Function<String, Object> tool, String path) {
        Throwable thrown = catchThrowable(() -> tool.apply(path));
        assertThat(thrown).as("escape attempt %s", printable(path)).isInstanceOf(ToolException.class);
    }

    private static String printable(String path) {
        return path.replace("\0", "\\0");
    }
}
