package dev.tether.pull;

import dev.tether.paths.SafeNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Gets a GGUF model from the Hugging Face Hub into {@code dist_root}, where the llama.cpp provider finds it:
 * {@link #plan} asks the hub which file to fetch (failing early, before anything is written), {@link #run}
 * downloads and checks it.
 */
public final class Puller {

    /** The file chosen for a request and where it will live. */
    public record Plan(String repo, HubFile file, Path target) {

        /** The model's name in {@code /models}: the file name without {@code .gguf}. */
        public String model() {
            String name = target.getFileName().toString();
            return name.endsWith(".gguf") ? name.substring(0, name.length() - 5) : name;
        }
    }

    private final HubClient hub;
    private final Path distRoot;
    private final Set<Path> running = ConcurrentHashMap.newKeySet();

    public Puller(HubClient hub, Path distRoot) {
        this.hub = hub;
        this.distRoot = distRoot;
    }

    public Path distRoot() {
        return distRoot;
    }

    /**
     * A repository's GGUF model files, as a person chooses among them.
     *
     * @param chosen the file {@link #plan} would take for the request (empty when that one is split into parts)
     */
    public record Listing(String repo, List<Choice> files, Optional<HubFile> chosen) {}

    /** One file of a {@link Listing}: whether a pull can take it and whether it is in {@code dist_root} already. */
    public record Choice(HubFile file, boolean split, boolean downloaded) {}

    public Plan plan(PullRequest request) {
        return plan(request, Optional.empty(), true);
    }

    /** The plan for one file of the request's repository, named by its path there (as {@link #list} shows it). */
    public Plan plan(PullRequest request, String path) {
        return plan(request, Optional.of(path), true);
    }

    /**
     * The plan for {@code path}, or the file the request's quantization picks. Refused before anything is written:
     * a name that could leave {@code dist_root} or that no file system takes, a file without a published SHA-256
     * unless {@code verify} is false, and a file larger than the free space left.
     */
    public Plan plan(PullRequest request, Optional<String> path, boolean verify) {
        List<HubFile> files = hub.files(request.repo());
        HubFile file = path.isPresent()
                ? QuantPicker.byPath(request.repo(), files, path.get())
                : QuantPicker.pick(request.repo(), files, request.quant());
        Plan plan = new Plan(request.repo(), file, target(file));
        if (verify && file.sha256().isEmpty()) {
            throw new PullException(
                    PullException.Kind.BAD_REQUEST,
                    "no_checksum",
                    "the hub publishes no SHA-256 "
                            + "for " + file.path()
                            + ", so the download could not be verified; pull it with --no-verify "
                            + "(or \"verify\": false) to accept it unverified");
        }
        if (!isPresent(file)) {
            FreeSpace.require(plan.target(), file.size() - partSize(plan.target()));
        }
        return plan;
    }

    /**
     * The download of {@code plan} by this process: the file's name among this process's pulls and the lock on its
     * part file that every process honours. Closing it lets the next pull of the same file start.
     */
    public static final class Claim implements AutoCloseable {
        private final Plan plan;
        private final Runnable unregister;
        private FileChannel part;
        private FileLock lock;

        private Claim(Plan plan, Runnable unregister) {
            this.plan = plan;
            this.unregister = unregister;
        }

        /** The part file, opened and locked; a {@code CONFLICT} when another process holds its lock. */
        FileChannel part() throws IOException {
            if (part == null) {
                Path file = Download.partOf(plan.target());
                Files.createDirectories(file.toAbsolutePath().getParent());
                FileChannel channel = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                Optional<FileLock> locked;
                try {
                    locked = ResumableDownload.tryLock(channel);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                if (locked.isEmpty()) {
                    channel.close();
                    throw conflict(plan);
                }
                part = channel;
                lock = locked.get();
            }
            return part;
        }

        /** Lets go of the part file: deleted first when it is still empty (under the lock, so it is ours alone). */
        void releasePart() {
            if (part == null) {
                return;
            }
            try (FileChannel channel = part;
                    FileLock held = lock) {
                if (channel.size() == 0) {
                    Files.deleteIfExists(Download.partOf(plan.target()));
                }
            } catch (IOException e) {
                // an empty part is harmless: the next pull of the file reuses it
            } finally {
                part = null;
                lock = null;
            }
        }

        @Override
        public void close() {
            try {
                releasePart();
            } finally {
                unregister.run();
            }
        }
    }

    /**
     * Claims {@code plan}'s file, or a {@code CONFLICT} while another pull downloads it: one in this process, or one
     * in another process (the CLI beside the server) that holds the lock on its part file.
     */
    public Claim claim(Plan plan) {
        Path target = plan.target().toAbsolutePath().normalize();
        if (!running.add(target)) {
            throw conflict(plan);
        }
        Claim claim = new Claim(plan, () -> running.remove(target));
        try {
            if (!isPresent(plan.file())) {
                claim.part();
            }
            return claim;
        } catch (IOException e) {
            claim.close();
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "write_failed",
                    "cannot write " + Download.partOf(plan.target()) + ": " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    private static PullException conflict(Plan plan) {
        return new PullException(
                PullException.Kind.CONFLICT,
                "pull_in_progress",
                "another pull is already downloading " + plan.file().fileName());
    }

    /**
     * Where {@code file} goes in {@code dist_root}. A hub's name that could leave it or that some file system cannot
     * store (a NUL or other control character, {@code /} or {@code \\}, {@code ..}, a Windows device name such as
     * {@code nul.gguf}; see {@link SafeNames}) is refused on every platform.
     */
    private Path target(HubFile file) {
        String name = file.fileName();
        SafeNames.problem(name).ifPresent(why -> {
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "bad_file_name",
                    "the hub lists a file named " + printable(file.path()) + ", which is refused: " + why);
        });
        try {
            return distRoot.resolve(name);
        } catch (InvalidPathException e) {
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "bad_file_name",
                    "the hub lists a file named " + printable(file.path()) + ", which this system cannot store ("
                            + e.getReason() + ")");
        }
    }

    private static String printable(String name) {
        return '"' + SafeNames.printable(name, 200) + '"';
    }

    private static long partSize(Path target) {
        try {
            Path part = Download.partOf(target);
            return Files.isRegularFile(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The repository's GGUF model files and the one a pull of {@code request} would take. */
    public Listing list(PullRequest request) {
        List<HubFile> files = hub.files(request.repo());
        List<Choice> choices = QuantPicker.models(request.repo(), files).stream()
                .map(f -> new Choice(f, QuantPicker.isSplit(f), isPresent(f)))
                .toList();
        Optional<HubFile> chosen;
        try {
            chosen = Optional.of(QuantPicker.pick(request.repo(), files, request.quant()));
        } catch (PullException e) {
            if (!e.code().equals("split_gguf")) {
                throw e;
            }
            chosen = Optional.empty();
        }
        return new Listing(request.repo(), choices, chosen);
    }

    /** Where {@code file} goes in {@code dist_root}; a name that could leave it (on any platform) is refused. */
    private boolean isPresent(HubFile file) {
        if (!SafeNames.isSafe(file.fileName())) {
            return false;
        }
        try {
            Path target = distRoot.resolve(file.fileName());
            return Files.isRegularFile(target) && Files.size(target) == file.size();
        } catch (IOException | InvalidPathException e) {
            return false;
        }
    }

    /** Claims and downloads {@code plan}'s file unless it is there already; every step goes to {@code events}. */
    public PullEvent.Done run(Plan plan, Consumer<PullEvent> events) {
        try (Claim claim = claim(plan)) {
            return run(claim, events);
        }
    }

    /** Downloads the claimed file unless it is there already; every step goes to {@code events}. */
    public PullEvent.Done run(Claim claim, Consumer<PullEvent> events) {
        Plan plan = claim.plan;
        try {
            if (isPresent(plan.file())) {
                events.accept(new PullEvent.Started(
                        plan.repo(),
                        plan.file().path(),
                        plan.file().size(),
                        plan.file().size()));
                return done(plan, false, true, events);
            }
            boolean verified = new Download(hub, plan.repo(), plan.file(), plan.target(), events)
                    .run(claim.part(), claim::releasePart);
            return done(plan, verified, false, events);
        } catch (IOException e) {
            throw new PullException(
                    PullException.Kind.UNAVAILABLE,
                    "write_failed",
                    "cannot write " + Download.partOf(plan.target()) + ": " + e.getMessage(),
                    e);
        }
    }

    private static PullEvent.Done done(Plan plan, boolean verified, boolean present, Consumer<PullEvent> events) {
        PullEvent.Done done =
                new PullEvent.Done(plan.model(), plan.target(), plan.file().size(), verified, present);
        events.accept(done);
        return done;
    }
}
