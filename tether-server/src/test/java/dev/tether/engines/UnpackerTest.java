package dev.tether.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.engines.TestArchives.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "unix modes and symbolic links")
class UnpackerTest {

    private static final Unpacker.Limits LIMITS = new Unpacker.Limits(100, 1 << 20);

    @TempDir
    Path dir;

    @Test
    void unpacksATarGzKeepingModesAndLinksInside() throws IOException {
        Path into = unpack(
                "a.tar.gz",
                TestArchives.tarGz(List.of(
                        Entry.file("build/bin/llama-server", "#!/bin/sh\n", 0755),
                        Entry.file("build/bin/libllama.so.0.5.0", "lib", 0644),
                        Entry.link("build/bin/libllama.so.0", "libllama.so.0.5.0"),
                        Entry.link("build/bin/libllama.so", "libllama.so.0"))),
                LIMITS);

        assertThat(Files.isExecutable(into.resolve("build/bin/llama-server"))).isTrue();
        assertThat(Files.isExecutable(into.resolve("build/bin/libllama.so.0.5.0")))
                .isFalse();
        assertThat(Files.readSymbolicLink(into.resolve("build/bin/libllama.so")))
                .isEqualTo(Path.of("libllama.so.0"));
        assertThat(Files.readString(into.resolve("build/bin/libllama.so"))).isEqualTo("lib");
    }

    @Test
    void unpacksAZipKeepingUnixModesAndLinks() throws IOException {
        Path into = unpack(
                "a.zip",
                TestArchives.zip(List.of(
                        Entry.file("llama-server", "#!/bin/sh\n", 0755),
                        Entry.file("libggml.so.0.25.1", "lib", 0644),
                        Entry.link("libggml.so", "libggml.so.0.25.1"))),
                LIMITS);

        assertThat(Files.isExecutable(into.resolve("llama-server"))).isTrue();
        assertThat(Files.isSymbolicLink(into.resolve("libggml.so"))).isTrue();
        assertThat(Files.readString(into.resolve("libggml.so"))).isEqualTo("lib");
    }

    @Test
    void refusesZipSlipInBothFormats() {
        List<Entry> slip = List.of(Entry.file("build/bin/../../../evil.sh", "x", 0755));
        assertRefused("slip.zip", TestArchives.zip(slip), "climbs out");
        assertRefused("slip.tar.gz", TestArchives.tarGz(slip), "climbs out");
        assertRefused(
                "abs.tar.gz", TestArchives.tarGz(List.of(Entry.file("/tmp/evil.sh", "x", 0755))), "absolute path");
        assertThat(dir.getParent().resolve("evil.sh")).doesNotExist();
    }

    @Test
    void refusesLinksThatPointOutOrAreWrittenThrough() {
        assertRefused("out.tar.gz", TestArchives.tarGz(List.of(Entry.link("lib", "../../etc"))), "points outside");
        assertRefused("abs.zip", TestArchives.zip(List.of(Entry.link("passwd", "/etc/passwd"))), "points outside");
        // a link to the folder itself, then a file written through it: still inside, but never through a link
        assertRefused(
                "through.tar.gz",
                TestArchives.tarGz(List.of(Entry.link("here", "."), Entry.file("here/x", "x", 0644))),
                "through the link");
        // lexically inside, yet its parent is the folder itself through another link
        assertRefused(
                "chain.tar.gz",
                TestArchives.tarGz(List.of(Entry.link("self", "."), Entry.link("up", "self/.."))),
                "outside");
    }

    @Test
    void refusesAHugeEntryAndTooManyEntriesByWhatIsWritten() {
        byte[] big = new byte[(1 << 20) + 1];
        assertRefused(
                "huge.tar.gz",
                TestArchives.tarGz(List.of(Entry.file("llama-server", big, 0755))),
                "max_unpacked_bytes",
                "archive_too_big");
        List<Entry> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(Entry.file("f" + i, "x", 0644));
        }
        assertRefused("many.zip", TestArchives.zip(many), "max_entries", "archive_too_big");
    }

    @Test
    void aTruncatedArchiveIsAnIoErrorNotAHalfTree() throws IOException {
        byte[] whole = TestArchives.tarGz(List.of(Entry.file("llama-server", new byte[200_000], 0755)));
        Path archive = dir.resolve("cut.tar.gz");
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));
        Path into = Files.createDirectories(dir.resolve("cut"));
        assertThatThrownBy(() -> Unpacker.unpack(archive, "cut.tar.gz", into, LIMITS))
                .isInstanceOf(IOException.class);

        byte[] zip = TestArchives.zip(List.of(Entry.file("llama-server", new byte[200_000], 0755)));
        Path zipFile = dir.resolve("cut.zip");
        Files.write(zipFile, Arrays.copyOf(zip, zip.length - 30));
        assertThatThrownBy(() ->
                        Unpacker.unpack(zipFile, "cut.zip", Files.createDirectories(dir.resolve("cutzip")), LIMITS))
                .isInstanceOf(IOException.class);
    }

    private Path unpack(String name, byte[] archive, Unpacker.Limits limits) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, archive);
        Path into = Files.createDirectories(dir.resolve("out-" + name));
        Unpacker.unpack(file, name, into, limits);
        return into;
    }

    private void assertRefused(String name, byte[] archive, String why) {
        assertRefused(name, archive, why, "unsafe_archive");
    }

    private void assertRefused(String name, byte[] archive, String why, String code) {
        assertThatThrownBy(() -> unpack(name, archive, LIMITS))
                .isInstanceOf(InstallException.class)
                .hasMessageContaining(why)
                .extracting(e -> ((InstallException) e).code())
                .isEqualTo(code);
    }
}
