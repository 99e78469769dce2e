package dev.tether.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumableDownloadTest {

    private static final byte[] FILE = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    /** Serves {@link #served} from each offset asked, honouring ranges or not. */
    private static final class Fake extends ResumableDownload {
        final byte[] served;
        final boolean honoursRanges;
        final List<Long> offsets = new ArrayList<>();

        Fake(byte[] served, boolean honoursRanges) {
            super(FILE.length);
            this.served = served;
            this.honoursRanges = honoursRanges;
        }

        long run(FileChannel channel) throws IOException {
            long have = resume(channel);
            return have < FILE.length ? fetch(channel, have) : have;
        }

        @Override
        protected Body open(long offset) {
            offsets.add(offset);
            if (offset > 0 && honoursRanges) {
                return new Body(206, new ByteArrayInputStream(Arrays.copyOfRange(served, (int) offset, served.length)));
            }
            return new Body(200, new ByteArrayInputStream(served));
        }

        @Override
        protected RuntimeException refused() {
            return new IllegalStateException("refused");
        }

        @Override
        protected RuntimeException tooLong() {
            return new IllegalStateException("too long");
        }

        @Override
        protected RuntimeException interrupted(long have, IOException cause) {
            return new IllegalStateException("interrupted", cause);
        }

        @Override
        protected void progress(long have, double bytesPerSecond) {}
    }

    private FileChannel partWith(byte[] bytes) throws IOException {
        Path part = dir.resolve("file.part");
        Files.write(part, bytes);
        return FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Test
    void resumesFromThePartAndHashesTheWholeFile() throws Exception {
        Fake download = new Fake(FILE, true);
        try (FileChannel channel = partWith(Arrays.copyOf(FILE, 7))) {
            assertThat(download.run(channel)).isEqualTo(FILE.length);
        }
        assertThat(download.offsets).containsExactly(7L);
        assertThat(Files.readAllBytes(dir.resolve("file.part"))).isEqualTo(FILE);
        assertThat(download.digest()).isEqualTo(sha256(FILE));
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws Exception {
        Fake download = new Fake(FILE, false);
        try (FileChannel channel = partWith("XXXXX".getBytes(StandardCharsets.US_ASCII))) {
            assertThat(download.run(channel)).isEqualTo(FILE.length);
        }
        assertThat(Files.readAllBytes(dir.resolve("file.part"))).isEqualTo(FILE);
        assertThat(download.digest()).isEqualTo(sha256(FILE));
    }

    @Test
    void aPartLongerThanTheFileIsDropped() throws Exception {
        Fake download = new Fake(FILE, true);
        try (FileChannel channel = partWith(new byte[FILE.length + 3])) {
            assertThat(download.run(channel)).isEqualTo(FILE.length);
        }
        assertThat(download.offsets).containsExactly(0L);
        assertThat(download.digest()).isEqualTo(sha256(FILE));
    }

    @Test
    void moreBytesThanPublishedStopTheDownload() throws Exception {
        byte[] longer = Arrays.copyOf(FILE, FILE.length + 1);
        Fake download = new Fake(longer, true);
        try (FileChannel channel = partWith(new byte[0])) {
            assertThatThrownBy(() -> download.run(channel)).hasMessage("too long");
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
