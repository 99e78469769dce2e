package dev.tether.engines;

import dev.tether.engine.config.TetherConfig;
import dev.tether.engine.llamacpp.EngineCatalog;
import dev.tether.pull.ResumableDownload;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Installs llama.cpp's {@code llama-server} from its GitHub releases into {@code <data_dir>/engines/<tag>-<backend>/}:
 * {@link #prepare} chooses the release and files (failing before anything is written, holding the one install
 * lock), {@link Prepared#run} downloads, verifies each file's SHA-256 against the release's digest, unpacks into
 * a temporary folder, runs the engine once and only then renames the folder into place. Whatever fails leaves
 * nothing under {@code engines/} but a download's {@code .part} for the next try to resume.
 */
public final class EngineInstaller {

    /** The downloads' folder, beside the engines (a dot name: never taken for an engine). */
    static final String DOWNLOADS = ".downloads";

    private static final String LOCK = ".install.lock";

    private static final Duration LATEST_KEPT = Duration.ofHours(1);
    private static final Duration FAILURE_KEPT = Duration.ofMinutes(5);

    private final ReleaseClient client;
    private final java.util.concurrent.atomic.AtomicReference<Looked> latest =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Path engines;
    private final Limits limits;
    private final Supplier<MachineFacts> machine;
    private final ToLongFunction<Path> freeSpace;

    /** The caps an install keeps to. */
    public record Limits(long maxArchiveBytes, long maxUnpackedBytes, int maxEntries, Duration checkTimeout) {}

    /** What to install: {@code backend} is {@code auto} or one of {@link AssetPicker#BACKENDS}; no tag: latest. */
    public record Request(String backend, Optional<String> tag) {}

    /** @param machine this machine's facts, asked for on first need (probing takes a moment) */
    public EngineInstaller(
            ReleaseClient client,
            Path engines,
            Limits limits,
            Supplier<MachineFacts> machine,
            ToLongFunction<Path> freeSpace) {
        this.client = client;
        this.engines = engines;
        this.limits = limits;
        this.machine = machine;
        this.freeSpace = freeSpace;
    }

    /** The installer {@code config} describes, for this machine, installing into {@code <data_dir>/engines}. */
    public static EngineInstaller from(TetherConfig config, Function<String, String> env) {
        TetherConfig.EngineSettings s = config.engines();
        Optional<String> token =
                Optional.of(s.tokenEnv()).filter(n -> !n.isBlank()).map(env);
        return new EngineInstaller(
                new ReleaseClient(URI.create(s.endpoint()), token, Duration.ofSeconds(s.timeoutSec())),
                EngineCatalog.folder(config.dataDir()),
                new Limits(
                        s.maxArchiveBytes(),
                        s.maxUnpackedBytes(),
                        s.maxEntries(),
                        Duration.ofSeconds(s.checkTimeoutSec())),
                MachineProbe::facts,
                EngineInstaller::usable);
    }

    public Path engines() {
        return engines;
    }

    public MachineFacts machine() {
        return machine.get();
    }

    /** The files {@code backend} would take from the latest release; empty when GitHub cannot be asked. */
    public Optional<AssetPicker.Choice> latest(String backend) {
        EnginePlan plan = plan(backend);
        if (!plan.supported()) {
            return Optional.empty();
        }
        try {
            return latestRelease().map(release -> AssetPicker.pick(plan, machine.get(), release));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The latest release, asked of GitHub at most once an hour (a failure is remembered for five minutes): the page
     * shows the offer's version and size on every load, and GitHub allows few unauthenticated calls.
     */
    private Optional<Release> latestRelease() {
        Looked seen = latest.get();
        long now = System.nanoTime();
        if (seen != null
                && now - seen.atNanos() < (seen.release().isPresent() ? LATEST_KEPT : FAILURE_KEPT).toNanos()) {
            return seen.release();
        }
        Optional<Release> release;
        try {
            release = Optional.of(client.release(Optional.empty()));
        } catch (RuntimeException e) {
            release = Optional.empty();
        }
        latest.set(new Looked(release, now));
        return release;
    }

    private record Looked(Optional<Release> release, long atNanos) {}

    /** What {@code backend} means here, without asking GitHub. */
    public EnginePlan plan(String backend) {
        return AssetPicker.plan(machine.get(), backend);
    }

    /**
     * Takes the install lock, asks for the release and picks its files. Throws {@link InstallException} (409 when
     * another install runs, in this process or another) before anything is downloaded.
     */
    public Prepared prepare(Request request) {
        MachineFacts facts = machine.get();
        EnginePlan plan = AssetPicker.plan(facts, request.backend());
        request.tag().ifPresent(ReleaseClient::checkTag);
        if (!plan.supported()) {
            throw new InstallException(InstallException.Kind.NOT_FOUND, "no_matching_build", plan.why());
        }
        Lock lock = Lock.take(engines);
        try {
            Release release = client.release(request.tag());
            AssetPicker.Choice choice = AssetPicker.pick(plan, facts, release);
            for (Release.Asset asset : files(choice)) {
                if (asset.sha256().isEmpty()) {
                    throw new InstallException(
                            InstallException.Kind.UNAVAILABLE,
                            "missing_digest",
                            asset.name()
                                    + " in release " + release.tag()
                                    + " has no sha256 digest, so it cannot be verified;"
                                    + " nothing was installed (pick a newer release with --version, or build with"
                                    + " scripts/llama-server.sh)");
                }
                if (asset.size() > limits.maxArchiveBytes()) {
                    throw new InstallException(
                            InstallException.Kind.UNAVAILABLE,
                            "archive_too_big",
                            asset.name()
                                    + " is " + asset.size() + " bytes, more than engines.max_archive_bytes ("
                                    + limits.maxArchiveBytes() + ")");
                }
            }
            return new Prepared(release, choice, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static List<Release.Asset> files(AssetPicker.Choice choice) {
        List<Release.Asset> files = new ArrayList<>();
        files.add(choice.archive());
        choice.companion().ifPresent(files::add);
        return files;
    }

    /** A chosen install holding the install lock; {@link #run} it once, then close it (run closes it too). */
    public final class Prepared implements AutoCloseable {

        private final Release release;
        private final AssetPicker.Choice choice;
        private final Lock lock;

        private Prepared(Release release, AssetPicker.Choice choice, Lock lock) {
            this.release = release;
            this.choice = choice;
            this.lock = lock;
        }

        /** The engine's folder name, {@code <tag>-<backend>}. */
        public String name() {
            return release.tag() + "-" + choice.plan().backend();
        }

        public AssetPicker.Choice choice() {
            return choice;
        }

        public Release release() {
            return release;
        }

        /** Downloads, verifies, unpacks and checks; every step goes to {@code events}, the last is {@code Done}. */
        public InstalledEngine run(Consumer<InstallEvent> events) {
            try (lock) {
                Path target = engines.resolve(name());
                Optional<Path> present = EngineCatalog.serverIn(target);
                List<Release.Asset> files = files(choice);
                Path downloads = engines.resolve(DOWNLOADS);
                long total = files.stream().mapToLong(Release.Asset::size).sum();
                long resumed = files.stream()
                        .mapToLong(a -> new AssetDownload(client, a, downloads, e -> {}).resumable())
                        .sum();
                events.accept(new InstallEvent.Started(
                        release.tag(),
                        choice.archive().name(),
                        choice.plan().backend(),
                        choice.plan().why(),
                        total,
                        resumed));
                if (present.isPresent()) {
                    InstalledEngine engine = describe(target, present.get(), reportOf(present.get()));
                    events.accept(new InstallEvent.Done(engine, true));
                    return engine;
                }
                InstalledEngine engine = install(target, files, downloads, total - resumed, events);
                events.accept(new InstallEvent.Done(engine, false));
                return engine;
            } catch (IOException e) {
                if (isDiskFull(e)) {
                    // a part on a full disk only keeps it full: the next try starts over
                    files(choice).forEach(a -> deleteTree(AssetDownload.partOf(engines.resolve(DOWNLOADS), a)));
                }
                throw io(e);
            }
        }

        private InstalledEngine install(
                Path target, List<Release.Asset> files, Path downloads, long toDownload, Consumer<InstallEvent> events)
                throws IOException {
            Files.createDirectories(downloads);
            long free = freeSpace.applyAsLong(engines);
            long unpacked = Math.min(
                    limits.maxUnpackedBytes(),
                    3 * files.stream().mapToLong(Release.Asset::size).sum());
            if (free < toDownload + unpacked) {
                throw new InstallException(
                        InstallException.Kind.INSUFFICIENT_STORAGE,
                        "disk_full",
                        "the engine"
                                + " needs about " + mb(toDownload + unpacked) + " MB free in " + engines
                                + " (to download"
                                + " and unpack), but only " + mb(free) + " MB are free; nothing was installed");
            }
            List<Path> verified = new ArrayList<>();
            for (Release.Asset asset : files) {
                verified.add(new AssetDownload(client, asset, downloads, events).run());
            }
            Path temp = Files.createTempDirectory(engines, "." + name() + ".tmp-");
            try {
                for (int i = 0; i < files.size(); i++) {
                    events.accept(new InstallEvent.Unpacking(files.get(i).name()));
                    unpack(verified.get(i), files.get(i).name(), temp);
                }
                Path server = EngineCatalog.serverIn(temp)
                        .or(() -> serverFile(temp))
                        .orElseThrow(() -> new InstallException(
                                InstallException.Kind.UNAVAILABLE,
                                "no_server_in_archive",
                                choice.archive().name() + " has no " + EngineCatalog.executable()
                                        + " at its root or under build/bin/; nothing was installed"));
                Unpacker.permissions(server, 0755);
                events.accept(new InstallEvent.Checking(server.toString()));
                EngineCheck.Report report = EngineCheck.run(server, limits.checkTimeout());
                move(temp, target);
                for (Path file : verified) {
                    Files.deleteIfExists(file);
                }
                Path installed = EngineCatalog.serverIn(target).orElseThrow();
                return describe(target, installed, report);
            } catch (IOException | RuntimeException e) {
                deleteTree(temp);
                for (Path file : verified) {
                    Files.deleteIfExists(file);
                }
                throw e;
            }
        }

        private EngineCheck.Report reportOf(Path server) {
            try {
                return EngineCheck.run(server, limits.checkTimeout());
            } catch (InstallException e) {
                return new EngineCheck.Report("unknown", List.of());
            }
        }

        private void unpack(Path archive, String name, Path into) throws IOException {
            try {
                Unpacker.unpack(
                        archive, name, into, new Unpacker.Limits(limits.maxEntries(), limits.maxUnpackedBytes()));
            } catch (InstallException e) {
                Files.deleteIfExists(archive); // verified but hostile: downloading it again gives the same bytes
                throw e;
            } catch (IOException e) {
                if (isDiskFull(e)) {
                    throw io(e);
                }
                Files.deleteIfExists(archive);
                throw new InstallException(
                        InstallException.Kind.UNAVAILABLE,
                        "damaged_archive",
                        name + " cannot be unpacked (" + e.getMessage() + "); it was deleted and nothing was installed",
                        e);
            }
        }

        private InstalledEngine describe(Path folder, Path server, EngineCheck.Report report) {
            return new InstalledEngine(
                    folder.getFileName().toString(),
                    release.tag(),
                    choice.plan().backend(),
                    server.toAbsolutePath(),
                    report.version(),
                    report.devices());
        }

        @Override
        public void close() {
            lock.close();
        }
    }

    /** A server file the check can name even though it is not executable yet (a zip without unix modes). */
    private static Optional<Path> serverFile(Path folder) {
        for (Path candidate : List.of(
                folder.resolve(EngineCatalog.executable()),
                folder.resolve("build").resolve("bin").resolve(EngineCatalog.executable()))) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Removes an installed engine's folder. A model running on it keeps running where the system allows (Linux,
     * macOS); on Windows its files are in use until the model unloads.
     */
    public void remove(String name) {
        if (!EngineCatalog.isEngineName(name)) {
            throw new InstallException(
                    InstallException.Kind.BAD_REQUEST,
                    "bad_engine",
                    "an engine's name is its folder under engines/, like b7000-vulkan; got " + name);
        }
        Path folder = engines.resolve(name);
        if (!Files.isDirectory(folder)) {
            throw new InstallException(
                    InstallException.Kind.NOT_FOUND, "engine_not_found", "no engine " + name + " in " + engines);
        }
        try (Lock lock = Lock.take(engines)) {
            // renamed first, so the engine search never sees half a folder
            Path doomed = engines.resolve("." + name + ".removing-" + System.nanoTime());
            move(folder, doomed);
            deleteTree(doomed);
        } catch (IOException e) {
            throw new InstallException(
                    InstallException.Kind.UNAVAILABLE,
                    "remove_failed",
                    "cannot remove " + folder + ": " + e.getMessage() + " (is a model still running on it?)",
                    e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a dot folder is never taken for an engine
        }
    }

    private static boolean isDiskFull(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains("no space left")
                || message.contains("not enough space")
                || message.contains("disk full")
                || message.contains("quota");
    }

    private InstallException io(IOException e) {
        if (isDiskFull(e)) {
            return new InstallException(
                    InstallException.Kind.INSUFFICIENT_STORAGE,
                    "disk_full",
                    "the disk holding " + engines + " is full (" + e.getMessage() + "); nothing was installed",
                    e);
        }
        return new InstallException(
                InstallException.Kind.UNAVAILABLE,
                "write_failed",
                "cannot write under " + engines + ": " + e.getMessage(),
                e);
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private static long usable(Path folder) {
        try {
            Path existing = folder;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.toAbsolutePath().getParent();
            }
            return existing == null
                    ? Long.MAX_VALUE
                    : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: the write itself will say
        }
    }

    /** The one-install-at-a-time lock: a file lock on {@code engines/.install.lock}, across processes. */
    private record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {

        static Lock take(Path engines) {
            try {
                Files.createDirectories(engines);
                FileChannel channel =
                        FileChannel.open(engines.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                Optional<FileLock> lock = ResumableDownload.tryLock(channel);
                if (lock.isEmpty()) {
                    channel.close();
                    throw new InstallException(
                            InstallException.Kind.CONFLICT,
                            "install_in_progress",
                            "another engine install or removal is running; wait for it to finish");
                }
                return new Lock(channel, lock.get());
            } catch (IOException e) {
                throw new InstallException(
                        InstallException.Kind.UNAVAILABLE,
                        "write_failed",
                        "cannot create " + engines + ": " + e.getMessage(),
                        e);
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // closing the channel releases the lock anyway
            }
        }
    }
}
