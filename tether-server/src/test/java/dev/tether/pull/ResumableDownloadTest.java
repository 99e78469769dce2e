package dev.tether.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
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

    /** Serves {@link #served} from each offset asked, honouring ranges or not (status 0: 416 for everything). */
    private static class Fake extends ResumableDownload {
        final byte[] served;
        final boolean honoursRanges;
        final List<Long> offsets = new ArrayList<>();

        Fake(byte[] served, boolean honoursRanges) {
            super(FILE.length, new Naming("file.bin", "the mirror", "mirror_error", "copy"));
            this.served = served;
            this.honoursRanges = honoursRanges;
        }

        long run(FileChannel channel) throws IOException {
            long have = resume(channel);
            have = have < FILE.length ? fetch(channel, have) : have;
            requireComplete(have);
            return have;
        }

        @Override
        protected Body open(long offset) {
            offsets.add(offset);
            if (served == null) {
                return new Body(416, InputStream.nullInputStream());
            }
            if (offset > 0 && honoursRanges) {
                return new Body(206, new ByteArrayInputStream(Arrays.copyOfRange(served, (int) offset, served.length)));
            }
            return new Body(200, new ByteArrayInputStream(served));
        }

        @Override
        protected RuntimeException failure(String code, String message, Throwable cause) {
            return new IllegalStateException(code + ": " + message, cause);
        }

        @Override
        protected RuntimeException tooLong() {
            return new IllegalStateException("too long");
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

    @Test
    void fewerBytesThanPublishedAreIncompleteAndResumable() throws Exception {
        Fake download = new Fake(Arrays.copyOf(FILE, 12), true);
        try (FileChannel channel = partWith(new byte[0])) {
            assertThatThrownBy(() -> download.run(channel))
                    .hasMessage("incomplete: the mirror sent 12 of 20 bytes of file.bin; run the copy again to resume");
        }
    }

    @Test
    void aRefusalOfTheWholeFileNamesTheSenderAndItsCode() throws Exception {
        Fake download = new Fake(null, true);
        try (FileChannel channel = partWith(new byte[0])) {
            assertThatThrownBy(() -> download.run(channel))
                    .hasMessage("mirror_error: the mirror refused to send file.bin (HTTP 416)");
        }
    }

    @Test
    void aBrokenBodySaysHowFarItGotAndHowToResume() throws Exception {
        Fake download = new Fake(FILE, true) {
            @Override
            protected Body open(long offset) {
                InputStream breaksAfterFive =
                        new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(FILE, 5)), new InputStream() {
                            @Override
                            public int read() throws IOException {
                                throw new IOException("connection reset");
                            }
                        });
                return new Body(200, breaksAfterFive);
            }
        };
        try (FileChannel channel = partWith(new byte[0])) {
            assertThatThrownBy(() -> download.run(channel))
                    .hasMessage("download_interrupted: the download of file.bin stopped after 5 bytes"
                            + " (connection reset); run the copy again to resume")
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void aWrongDigestDeletesThePartAndSaysWhy() throws Exception {
        Fake download = downloaded();
        Path part = dir.resolve("file.part");
        assertThatThrownBy(() -> download.requireDigest(part, "00", actual -> "got " + actual))
                .hasMessage("checksum_mismatch: got " + sha256(FILE));
        assertThat(part).doesNotExist();
    }

    @Test
    void aMatchingDigestKeepsThePart() throws Exception {
        Fake download = downloaded();
        Path part = dir.resolve("file.part");
        download.requireDigest(part, sha256(FILE), actual -> "got " + actual);
        assertThat(part).hasBinaryContent(FILE);
    }

    /** A download of the whole file into {@code file.part}, run to its end. */
    private Fake downloaded() throws IOException {
        Fake download = new Fake(FILE, true);
        try (FileChannel channel = partWith(new byte[0])) {
            download.run(channel);
        }
        return download;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
