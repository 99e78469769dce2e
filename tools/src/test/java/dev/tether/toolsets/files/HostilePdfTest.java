package dev.tether.toolsets.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tether.tool.ToolException;
import dev.tether.toolsets.Pdfs;
import dev.tether.toolsets.TestContexts;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PDF of about a megabyte whose page inflates to a gigabyte: extraction must refuse it after taking in a bounded
 * amount of memory, with an error that names the file, and PDFs within the limits must still read.
 */
class HostilePdfTest {

    private static final long GIGABYTE = 1L << 30;

    @TempDir
    static Path root;

    static Path bomb;

    @BeforeAll
    static void layout() throws Exception {
        bomb = Pdfs.inflating(root.resolve("bomb.pdf"), GIGABYTE);
        Pdfs.write(root.resolve("fine.pdf"), List.of(List.of("Quarterly revenue grew"), List.of("Costs stayed flat")));
    }

    private static ReadFileTool reader(String extra) {
        return new ReadFileTool(
                TestContexts.context("read_file", "roots: " + TestContexts.list(root) + "\n" + extra, root));
    }

    @Test
    void theBombIsSmallOnDiskAndLargeInflated() throws Exception {
        assertThat(Files.size(bomb)).isBetween(100_000L, 2_000_000L);
    }

    @Test
    void readFileRefusesTheBombAfterInflatingOnlyUpToTheStreamLimit() {
        ReadFileTool read = reader("");
        long before = allocatedByThisThread();
        long started = System.nanoTime();

        Throwable thrown = catchThrowable(() -> read.run("bomb.pdf", 0, 100));

        long allocated = allocatedByThisThread() - before;
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(thrown)
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("bomb.pdf")
                .hasMessageContaining("max_pdf_stream_bytes");
        // the default stream limit is 32 MiB; reading the gigabyte would allocate at least a gigabyte
        assertThat(allocated).as("bytes allocated while refusing").isLessThan(64L << 20);
        assertThat(millis).as("ms to refuse").isLessThan(20_000);
    }

    @Test
    void theLimitsAreConfigurable() {
        ReadFileTool read = reader("max_pdf_stream_bytes: 4096\n");
        assertThatThrownBy(() -> read.run("bomb.pdf", 0, 100))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("4096 bytes");

        ReadFileTool total = reader("max_pdf_decoded_bytes: 4096\n");
        assertThatThrownBy(() -> total.run("bomb.pdf", 0, 100))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("max_pdf_decoded_bytes");

        ReadFileTool chars = reader("max_pdf_chars: 10\n");
        assertThatThrownBy(() -> chars.run("fine.pdf", 0, 100))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("fine.pdf")
                .hasMessageContaining("max_pdf_chars");

        ReadFileTool size = reader("max_pdf_bytes: 1000\n");
        assertThatThrownBy(() -> size.run("fine.pdf", 0, 100))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("larger than 1000 bytes");
    }

    @Test
    void aPdfWithinTheLimitsStillReads() {
        ReadFileTool.Content content = reader("").run("fine.pdf", 0, 100);

        assertThat(content.format()).isEqualTo("pdf");
        assertThat(content.content())
                .contains("--- page 1 ---", "Quarterly revenue grew", "--- page 2 ---", "Costs stayed flat");
    }

    private static long allocatedByThisThread() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }
}
