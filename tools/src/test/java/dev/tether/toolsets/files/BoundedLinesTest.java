package dev.tether.toolsets.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BoundedLinesTest {

    @Test
    void linesAreSplitOnEveryTerminatorAndCut() {
        List<String> lines = new ArrayList<>();
        new BoundedLines(new StringReader("a\nbb\r\ncccccc\rd\n\nlast"), 3).forEachRemaining(lines::add);
        assertThat(lines).containsExactly("a", "bb", "ccc", "d", "", "las");
    }

    @Test
    void aLineOfAHundredMillionCharactersIsReadPastInBoundedMemory() {
        long length = 100_000_000;
        BoundedLines lines = new BoundedLines(new Generated(length), 10);
        assertThat(lines.next()).isEqualTo("xxxxxxxxxx");
        assertThat(lines.next()).isEqualTo("after");
        assertThat(lines.hasNext()).isFalse();
    }

    @Test
    void anInterruptStopsAnEndlessLine() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                new BoundedLines(new Generated(Long.MAX_VALUE), 10).next();
                ended.complete(null);
            } catch (UncheckedIOException e) {
                ended.complete(e);
            }
        });
        thread.interrupt();
        assertThat(ended.get(10, TimeUnit.SECONDS))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("stopped");
    }

    /** {@code length} x's, then "\nafter", produced on the fly. */
    private static final class Generated extends Reader {
        private final long length;
        private long produced;
        private final Reader tail = new StringReader("\nafter");

        Generated(long length) {
            this.length = length;
        }

        @Override
        public int read(char[] buffer, int offset, int count) throws java.io.IOException {
            if (produced >= length) {
                return tail.read(buffer, offset, count);
            }
            int n = (int) Math.min(count, length - produced);
            java.util.Arrays.fill(buffer, offset, offset + n, 'x');
            produced += n;
            return n;
        }

        @Override
        public void close() {}
    }
}
