package dev.tether.engines;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Unpacks a release archive ({@code .zip} or {@code .tar.gz}) into an empty folder, refusing what could write or
 * point outside it: absolute names, {@code ..}, writes through a link, links whose target lies outside, device
 * files; and more entries or bytes than the caps (counted as written, not as the archive claims). Unix modes are
 * kept where the file system has them. The caller deletes the folder when this throws.
 */
final class Unpacker {

    /** The caps: entries in the archive, bytes written in all. */
    record Limits(int maxEntries, long maxBytes) {}

    private final Path into;
    private final Limits limits;
    private final List<Path> links = new ArrayList<>();
    private int entries;
    private long written;

    private Unpacker(Path into, Limits limits) {
        this.into = into.toAbsolutePath().normalize();
        this.limits = limits;
    }

    /** Unpacks {@code archive} (by its name's ending) into {@code into}, which must exist. */
    static void unpack(Path archive, String name, Path into, Limits limits) throws IOException {
        Unpacker unpacker = new Unpacker(into, limits);
        if (name.endsWith(".zip")) {
            unpacker.zip(archive);
        } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            unpacker.tarGz(archive);
        } else {
            throw refused(name + " is neither a .zip nor a .tar.gz");
        }
        unpacker.checkLinks();
    }

    private void zip(Path archive) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> all = zip.getEntries();
            while (all.hasMoreElements()) {
                ZipArchiveEntry entry = all.nextElement();
                count();
                Path target = target(entry.getName());
                int mode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() : 0;
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isUnixSymlink()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        link(target, new String(in.readNBytes(4096), StandardCharsets.UTF_8), entry.getName());
                    }
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        file(target, in, mode);
                    }
                }
            }
        }
    }

    private void tarGz(Path archive) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                count();
                Path target = target(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    link(target, entry.getLinkName(), entry.getName());
                } else if (entry.isLink()) {
                    Path source = target(entry.getLinkName());
                    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                        throw refused(entry.getName() + " is a hard link to " + entry.getLinkName()
                                + ", which is not a file unpacked before it");
                    }
                    try (InputStream in = Files.newInputStream(source)) {
                        file(target, in, entry.getMode());
                    }
                } else if (entry.isFile()) {
                    file(target, tar, entry.getMode());
                } else {
                    throw refused(entry.getName() + " is a device, pipe or other special file");
                }
            }
        }
    }

    private void count() {
        if (++entries > limits.maxEntries()) {
            throw tooBig("it has more than " + limits.maxEntries() + " entries (engines.max_entries)");
        }
    }

    /** Where an entry goes: inside {@code into}, reached through no link. */
    private Path target(String name) throws IOException {
        String clean = name.replace('\\', '/');
        if (clean.startsWith("/") || clean.matches("^[A-Za-z]:.*") || clean.isEmpty()) {
            throw refused("the entry " + name + " has an absolute path");
        }
        for (String part : clean.split("/")) {
            if (part.equals("..")) {
                throw refused("the entry " + name + " climbs out with ..");
            }
        }
        Path target = into.resolve(clean).normalize();
        if (!target.startsWith(into)) {
            throw refused("the entry " + name + " lies outside the engine's folder");
        }
        for (Path p = target.getParent(); p != null && p.startsWith(into) && !p.equals(into); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw refused("the entry " + name + " would be written through the link " + into.relativize(p));
            }
        }
        Files.createDirectories(target.getParent());
        return target;
    }

    private void link(Path link, String targetText, String name) throws IOException {
        String clean = targetText.replace('\\', '/');
        Path resolved = link.getParent().resolve(clean).normalize();
        if (clean.isEmpty() || clean.startsWith("/") || clean.matches("^[A-Za-z]:.*") || !resolved.startsWith(into)) {
            throw refused("the link " + name + " points outside the engine's folder (to " + targetText + ")");
        }
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(clean));
        links.add(link);
    }

    private void file(Path target, InputStream in, int mode) throws IOException {
        if (Files.isSymbolicLink(target)) {
            throw refused("the entry " + into.relativize(target) + " would overwrite a link");
        }
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                written += n;
                if (written > limits.maxBytes()) {
                    throw tooBig(
                            "it unpacks to more than " + limits.maxBytes() + " bytes (engines.max_unpacked_bytes)");
                }
                out.write(buffer, 0, n);
            }
        }
        if ((mode & 0777) != 0) {
            permissions(target, mode);
        }
    }

    /** Links that resolve outside {@code into} through other links, or to nothing, are refused after the fact. */
    private void checkLinks() throws IOException {
        Path real = into.toRealPath();
        for (Path link : links) {
            Path resolved;
            try {
                resolved = link.toRealPath();
            } catch (IOException e) {
                throw refused("the link " + into.relativize(link) + " points at nothing in the archive");
            }
            if (!resolved.startsWith(real)) {
                throw refused("the link " + into.relativize(link) + " leads outside the engine's folder");
            }
        }
    }

    static void permissions(Path file, int mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // Windows: executables are found by their name
        }
        Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(bits[i]);
            }
        }
        view.setPermissions(perms);
    }

    private static InstallException tooBig(String why) {
        return new InstallException(
                InstallException.Kind.UNAVAILABLE,
                "archive_too_big",
                "the engine archive was refused: " + why + "; nothing was installed");
    }

    private static InstallException refused(String why) {
        return new InstallException(
                InstallException.Kind.UNAVAILABLE,
                "unsafe_archive",
                "the engine archive was refused: " + why + "; nothing was installed");
    }
}
