package dev.tether.toolsets.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.toolsets.files.PdfLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer reads a file as the file tools do: a file or folder that became a link after the scan (the race a
 * hostile archive in a knowledge-base folder could set up) is refused rather than read from outside the folder, and
 * so is a file that grew past the size limit.
 */
class ExtractorTest {

    @TempDir
    Path temp;

    private final Extractor extractor = new Extractor(new PdfLimits(1_000_000, 1_000_000, 1_000_000, 100_000), 64);

    @Test
    void aPlainFileIsRead() throws IOException {
        Path kb = Files.createDirectories(temp.resolve("kb")).toRealPath();
        Files.writeString(kb.resolve("notes.md"), "# Notes\nline two");

        assertThat(extractor.sections(kb.resolve("notes.md")))
                .extracting(Section::text)
                .containsExactly("# Notes\nline two");
    }

    @Test
    void aFileOrFolderThatIsNowALinkToOutsideIsNotRead() throws IOException {
        Path kb = Files.createDirectories(temp.resolve("kb")).toRealPath();
        Path outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
        Files.writeString(outside.resolve("secret.txt"), "the secret");
        Files.createSymbolicLink(kb.resolve("notes.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(kb.resolve("sub"), outside);

        assertThatThrownBy(() -> extractor.sections(kb.resolve("notes.txt"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> extractor.sections(kb.resolve("sub").resolve("secret.txt")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aFileThatGrewPastTheLimitSinceTheScanIsRefused() throws IOException {
        Path kb = Files.createDirectories(temp.resolve("kb")).toRealPath();
        Files.writeString(kb.resolve("big.txt"), "x".repeat(65));

        assertThatThrownBy(() -> extractor.sections(kb.resolve("big.txt")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("max_file_bytes");
    }
}
