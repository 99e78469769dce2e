package dev.tether.engines;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Release-like archives built in memory: files with unix modes, links, and the hostile entries tests need. */
public final class TestArchives {

    /** One entry: a file ({@code link} null) or a symbolic link to {@code link}. */
    public record Entry(String name, byte[] content, int mode, String link) {

        public static Entry file(String name, String content, int mode) {
            return new Entry(name, content.getBytes(StandardCharsets.UTF_8), mode, null);
        }

        public static Entry file(String name, byte[] content, int mode) {
            return new Entry(name, content, mode, null);
        }

        public static Entry link(String name, String target) {
            return new Entry(name, new byte[0], 0777, target);
        }
    }

    private TestArchives() {}

    /** A fake {@code llama-server} that answers {@code --version} and {@code --list-devices} like the real one. */
    public static String fakeServer(String version) {
        return """
                #!/bin/sh
                case "$1" in
                  --version) echo "version: %s"; echo "built with cc for Linux x86_64" ;;
                  --list-devices) echo "Available devices:" ;;
                  *) echo "fake llama-server: $*" ;;
                esac
                """.formatted(version);
    }

    /** A {@code llama-server} that fails the way one built for a missing GPU driver does. */
    public static String crashingServer() {
        return """
                #!/bin/sh
                echo "load_backend: probing" >&2
                echo "./llama-server: error while loading shared libraries: libvulkan.so.1: cannot open shared object file: No such file or directory" >&2
                exit 127
                """;
    }

    public static byte[] tarGz(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry entry;
                if (e.link() != null) {
                    entry = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_SYMLINK, true);
                    entry.setLinkName(e.link());
                } else {
                    entry = new TarArchiveEntry(e.name(), true); // keep a hostile absolute name as it is
                    entry.setSize(e.content().length);
                }
                entry.setMode(e.mode());
                tar.putArchiveEntry(entry);
                if (e.link() == null) {
                    tar.write(e.content());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] zip(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Entry e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.name());
                byte[] content = e.link() != null ? e.link().getBytes(StandardCharsets.UTF_8) : e.content();
                entry.setUnixMode((e.link() != null ? 0120000 : 0100000) | e.mode());
                zip.putArchiveEntry(entry);
                zip.write(content);
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The files of a real llama.cpp build folder ({@code build/bin/} of scripts/llama-server.sh: llama-server and its
     * shared libraries, links kept as links) as entries under {@code prefix}.
     */
    public static List<Entry> folder(Path dir, String prefix) {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = prefix + file.getFileName();
                if (Files.isSymbolicLink(file)) {
                    entries.add(Entry.link(name, Files.readSymbolicLink(file).toString()));
                } else if (Files.isRegularFile(file)) {
                    entries.add(Entry.file(name, Files.readAllBytes(file), mode(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static int mode(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < bits.length; i++) {
            if (perms.contains(bits[i])) {
                mode |= 1 << i;
            }
        }
        return mode;
    }
}
