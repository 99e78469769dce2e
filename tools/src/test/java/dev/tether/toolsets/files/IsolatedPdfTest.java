package dev.tether.toolsets.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.tool.Param;
import dev.tether.tool.ToolException;
import dev.tether.tool.ToolInfo;
import dev.tether.tool.ToolOutcome;
import dev.tether.tool.ToolRegistry;
import dev.tether.toolsets.HostilePdfs;
import dev.tether.toolsets.Pdfs;
import dev.tether.toolsets.TestContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two PDFs that passed every byte check (a content stream labelled as an image that inflates a
 * thousandfold, and a kilobyte of forms nested a thousand wide) are parsed in a child JVM with a heap cap and a
 * deadline: the call fails with a clear error, and once it has returned no parsing goes on anywhere.
 */
class IsolatedPdfTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    @BeforeAll
    static void layout() throws Exception {
        HostilePdfs.imageLabelledBomb(root.resolve("image-bomb.pdf"), 1_500_000);
        HostilePdfs.nestedForms(root.resolve("nested.pdf"), 5);
        Pdfs.write(root.resolve("fine.pdf"), List.of(List.of("Quarterly revenue grew"), List.of("Costs stayed flat")));
    }

    @AfterEach
    void noChildOutlivesTheCall() {
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(ProcessHandle::isAlive)
                        .toList())
                .as("child processes left running")
                .isEmpty();
    }

    private static ReadFileTool reader(String extra) {
        return new ReadFileTool(
                TestContexts.context("read_file", "roots: " + TestContexts.list(root) + "\n" + extra, root));
    }

    @Test
    void theFilesHaveTheShapesTheRedTeamUsed() throws Exception {
        assertThat(Files.size(root.resolve("image-bomb.pdf"))).isBetween(1_300_000L, 1_700_000L);
        assertThat(Files.size(root.resolve("nested.pdf"))).isBetween(600L, 2_000L);
        assertThat(Files.readString(root.resolve("image-bomb.pdf"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("/Subtype /Image /Width 1 /Height 1");
    }

    @Test
    void thePageLabelledAsAnImageOutgrowsTheChildsHeapNotTheServers() {
        Throwable thrown =
                catchThrowable(() -> reader("max_pdf_heap_bytes: 67108864\n").run("image-bomb.pdf", 0, 100));

        assertThat(thrown)
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("image-bomb.pdf")
                .hasMessageContaining("max_pdf_heap_bytes");
    }

    @Test
    void nestedFormsAreStoppedAtTheDeadline() {
        Throwable thrown = catchThrowable(() -> reader("pdf_timeout_ms: 3000\n").run("nested.pdf", 0, 100));

        assertThat(thrown)
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("nested.pdf")
                .hasMessageContaining("pdf_timeout_ms")
                .hasMessageContaining("stopped");
    }

    @Test
    void aToolCallTimeoutStopsTheParsingInsteadOfAbandoningIt() throws Exception {
        WatchedRead tool = new WatchedRead(reader("pdf_timeout_ms: 600000\n"));
        try (ToolRegistry registry = ToolRegistry.builder()
                .timeout(Duration.ofSeconds(3))
                .add("read_file", tool)
                .build()) {
            ToolOutcome outcome =
                    registry.invoke("read_file", JSON.createObjectNode().put("path", "nested.pdf"));

            assertThat(outcome.error()).contains("timed out");
            // the tool's thread was interrupted: it kills the child, waits for it, and its call ends
            assertThat(tool.ended.await(10, TimeUnit.SECONDS))
                    .as("the tool call ended after its timeout")
                    .isTrue();
        }
    }

    @Test
    void atMostMaxPdfChildrenParseAtOnce() throws Exception {
        ReadFileTool tool = reader("pdf_timeout_ms: 2000\nmax_pdf_children: 1\n");
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            while (watching.get()) {
                most.accumulateAndGet(
                        (int) ProcessHandle.current()
                                .children()
                                .filter(ProcessHandle::isAlive)
                                .count(),
                        Math::max);
                try {
                    Thread.sleep(10); // a sampling interval, not a wait for a result
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        List<java.util.concurrent.Future<Throwable>> calls = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(() -> catchThrowable(() -> tool.run("nested.pdf", 0, 100))));
            }
            for (var call : calls) {
                assertThat(call.get())
                        .isInstanceOf(ToolException.class)
                        .hasMessageContaining("nested.pdf")
                        .hasMessageContaining("pdf_timeout_ms");
            }
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(most.get()).as("children alive at once").isEqualTo(1);
    }

    /** read_file that says when a call has ended (returned or thrown). */
    @ToolInfo(name = "read_file", description = "read_file, watched")
    public static final class WatchedRead {
        final CountDownLatch ended = new CountDownLatch(1);
        private final ReadFileTool read;

        WatchedRead(ReadFileTool read) {
            this.read = read;
        }

        public ReadFileTool.Content run(@Param(description = "path") String path) {
            try {
                return read.run(path, 0, 100);
            } finally {
                ended.countDown();
            }
        }
    }

    @Test
    void aPdfWithinTheLimitsStillReadsAndCountsItsPages() {
        ReadFileTool.Content content = reader("").run("fine.pdf", 0, 100);

        assertThat(content.content())
                .contains("--- page 1 ---", "Quarterly revenue grew", "--- page 2 ---", "Costs stayed flat");
        assertThat(PdfText.pageCount(root.resolve("fine.pdf"), new PdfLimits(1 << 20, 1 << 20, 1 << 20, 1000)))
                .isEqualTo(2);
    }
}
